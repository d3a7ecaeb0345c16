/*
 * no_landlock.c: linked into the sanitized mootd (mk/sanitize.mk) only.
 *
 * mootd confines itself with Landlock, and a confined process cannot
 * read /proc/PID/task, which LeakSanitizer needs at exit ("LeakSanitizer
 * has encountered a fatal error"), nor open an ASan log_path file.  This
 * syscall() stands in for libc's within the executable and answers
 * ENOSYS for Landlock's three system calls, the answer of a kernel
 * without Landlock: mootd then says it runs unconfined and carries on.
 * Every other call goes to libc's syscall().  The sandbox itself is
 * tested on the normal build (mootd --check-sandbox).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sys/syscall.h>

#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>

long	syscall(long, ...);

long
syscall(long number, ...)
{
	static long	(*real)(long, ...);
	va_list		 ap;
	long		 a[6];
	int		 i;

	switch (number) {
#ifdef SYS_landlock_create_ruleset
	case SYS_landlock_create_ruleset:
	case SYS_landlock_add_rule:
	case SYS_landlock_restrict_self:
		errno = ENOSYS;
		return -1;
#endif
	default:
		break;
	}
	/* POSIX's way to take a function from dlsym() (ISO C has none) */
	if (real == NULL)
		*(void **)&real = dlsym(RTLD_NEXT, "syscall");
	if (real == NULL) {
		errno = ENOSYS;
		return -1;
	}
	/* every system call argument is a register-sized integer */
	va_start(ap, number);
	for (i = 0; i < 6; i++)
		a[i] = va_arg(ap, long);
	va_end(ap);
	return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
}
