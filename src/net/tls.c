/*
 * tls.c: the OpenSSL context, the server certificate, client identities.
 *
 * Gemini trusts on first use, so the server certificate is generated once
 * (ECDSA P-256, which every client handles, with a long validity) and
 * never silently replaced.  Client certificates are asked for on every
 * handshake, never required, and never checked against a CA: a member
 * is the SHA-256 of their certificate.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509v3.h>

#include "core/log.h"
#include "net/server.h"
#include "net/tickets.h"

#define CERT_VALIDITY_DAYS	(365 * 30)
/*
 * TLS 1.2: forward-secret AEAD suites only (no CBC, no SHA-1 MACs, no
 * static RSA), for ECDSA and RSA certificates alike.  TLS 1.3 suites are
 * all AEAD already.
 */
#define TLS12_CIPHERS	"ECDHE+AESGCM:ECDHE+CHACHA20"
#define SESSION_ID_CONTEXT	"moot"
/* Sessions resumed within this time keep the identity they began with. */
#define SESSION_TIMEOUT		(2 * 60 * 60)
/* a ticket's key must outlive the ticket: it lives one to two intervals */
_Static_assert(SESSION_TIMEOUT <= TICKET_ROTATE_SECONDS,
    "tickets would outlive their keys");

static void
tls_log_errors(const char *what)
{
	unsigned long err;

	while ((err = ERR_get_error()) != 0)
		log_warnx("%s: %s", what, ERR_error_string(err, NULL));
}

static int
write_pem(const char *path, mode_t mode, EVP_PKEY *key, X509 *x509)
{
	FILE	*f;
	int	 fd, ok;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    mode)) == -1) {
		log_warn("%s", path);
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		return -1;
	}
	ok = key ? PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL) :
	    PEM_write_X509(f, x509);
	if (fclose(f) != 0 || !ok) {
		log_warn("%s", path);
		unlink(path);
		return -1;
	}
	return 0;
}

static int
tls_generate(const char *cert, const char *key, const char *hostname)
{
	EVP_PKEY	*pkey = NULL;
	X509		*x = NULL;
	X509_NAME	*name;
	X509_EXTENSION	*ext;
	X509V3_CTX	 v3;
	unsigned char	 serial[16];
	BIGNUM		*bn = NULL;
	char		 san[HOSTNAME_MAX + 8];
	int		 rc = -1;

	if ((pkey = EVP_EC_gen("P-256")) == NULL || (x = X509_new()) == NULL)
		goto done;
	if (RAND_bytes(serial, sizeof(serial)) != 1)
		goto done;
	serial[0] &= 0x7f;	/* a positive serial */
	if ((bn = BN_bin2bn(serial, sizeof(serial), NULL)) == NULL ||
	    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x)) == NULL)
		goto done;
	X509_set_version(x, 2);
	X509_gmtime_adj(X509_getm_notBefore(x), -24 * 60 * 60);
	X509_time_adj_ex(X509_getm_notAfter(x), CERT_VALIDITY_DAYS, 0, NULL);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
	    (const unsigned char *)hostname, -1, -1, 0);
	X509_set_issuer_name(x, name);
	X509_set_pubkey(x, pkey);
	snprintf(san, sizeof(san), "DNS:%s", hostname);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	if ((ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name,
	    san)) == NULL)
		goto done;
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	if (X509_sign(x, pkey, EVP_sha256()) == 0)
		goto done;
	/* the key first, private from the start */
	if (write_pem(key, 0600, pkey, NULL) == -1)
		goto done;
	if (write_pem(cert, 0644, NULL, x) == -1) {
		unlink(key);
		goto done;
	}
	rc = 0;
done:
	if (rc == -1)
		tls_log_errors("certificate generation");
	BN_free(bn);
	X509_free(x);
	EVP_PKEY_free(pkey);
	return rc;
}

/*
 * Generate the certificate and key when both are missing; refuse to go on
 * when only one of them is (a half-lost identity is for a person to look
 * at, not to paper over).
 */
int
tls_ensure_cert(const char *cert, const char *key, const char *hostname)
{
	struct stat	 sb;
	int		 have_cert = stat(cert, &sb) == 0;
	int		 have_key = stat(key, &sb) == 0;

	if (have_key && (sb.st_mode & 077))
		log_warnx("%s is readable by others: chmod 600 it", key);
	if (have_cert && have_key)
		return 0;
	if (have_cert != have_key) {
		log_warnx("%s exists but %s does not: restore the missing one, "
		    "or remove both to make a new identity",
		    have_cert ? cert : key, have_cert ? key : cert);
		return -1;
	}
	if (tls_generate(cert, key, hostname) == -1)
		return -1;
	log_info("generated a self-signed certificate for %s in %s",
	    hostname, cert);
	return 0;
}

/*
 * A member's session is kept in this process's session cache rather
 * than sealed into a ticket (a "stateful ticket": the client holds only
 * the session's 32-byte ID).  Measured with callgrind on the server's
 * side of one exchange (docs/benchmarks.md): OpenSSL 3.0 parses a
 * client certificate through its provider decoders, which costs more
 * than the rest of the handshake, and a stateless ticket makes it do so
 * twice more (sealing copies the session through DER; resuming opens
 * it again).  Kept in memory, a resumed member costs what a resumed
 * visitor does.  Visitors' sessions hold no certificate and stay in
 * tickets, which outlive a SIGHUP; members' sessions do not (one full
 * handshake after a reload).  MEMBER_SESSIONS_MAX bounds the memory:
 * OpenSSL drops the oldest beyond it.
 */
#define MEMBER_SESSIONS_MAX	8192
#define STATEFUL_ID_MAX		SSL_MAX_SSL_SESSION_ID_LENGTH

/*
 * What tls_identity() needs of a client's certificate, worked out in the
 * handshake that brings it and kept in the session, as OpenSSL's ticket
 * application data: a resumed session would otherwise digest its
 * certificate, and decode its dates, on every request (issue 16).  The
 * session cache holds it; a TLS 1.2 ticket seals it with the rest of the
 * session, under our ticket keys.  Only this process reads it, so it is
 * kept as it lies in memory; the tag refuses anything else.
 */
#define CERTMARK_TAG	"moot-id1"

struct certmark {
	char	tag[sizeof(CERTMARK_TAG)];
	char	fingerprint[FINGERPRINT_LEN + 1];
	int64_t	not_before, not_after;	/* UTC seconds */
};

/* When t is, from now, as UTC seconds; dflt when it cannot be read. */
static int64_t
tls_cert_time(const ASN1_TIME *t, time_t now, int64_t dflt)
{
	int days, secs;

	if (t == NULL || !ASN1_TIME_diff(&days, &secs, NULL, t))
		return dflt;
	return (int64_t)now + (int64_t)days * 86400 + secs;
}

static int
tls_certmark(X509 *x, struct certmark *mk)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char	  md[EVP_MAX_MD_SIZE];
	unsigned int	  mdlen, i;
	time_t		  now = time(NULL);

	memset(mk, 0, sizeof(*mk));	/* padding too: it may be sealed */
	if (X509_digest(x, EVP_sha256(), md, &mdlen) != 1 ||
	    mdlen * 2 != FINGERPRINT_LEN)
		return -1;
	memcpy(mk->tag, CERTMARK_TAG, sizeof(mk->tag));
	for (i = 0; i < mdlen; i++) {
		mk->fingerprint[i * 2] = hex[md[i] >> 4];
		mk->fingerprint[i * 2 + 1] = hex[md[i] & 0x0f];
	}
	/* dates that cannot be read hold nothing against it (as
	 * X509_cmp_current_time(), which answers 0 then) */
	mk->not_before = tls_cert_time(X509_get0_notBefore(x), now,
	    INT64_MIN);
	mk->not_after = tls_cert_time(X509_get0_notAfter(x), now, INT64_MAX);
	return 0;
}

/*
 * Accept any client certificate: identity, not authority.  In place of
 * OpenSSL's chain building (there is no chain to build), where a TLS 1.3
 * connection learns that its session will hold a certificate, and where
 * the session is marked with what the certificate says (struct certmark).
 */
static int
tls_verify(X509_STORE_CTX *x, void *arg)
{
	struct certmark	 mk;
	SSL		*ssl;
	SSL_SESSION	*sess;
	X509		*leaf = X509_STORE_CTX_get0_cert(x);

	(void)arg;
	ssl = X509_STORE_CTX_get_ex_data(x,
	    SSL_get_ex_data_X509_STORE_CTX_idx());
	if (ssl == NULL)
		return 1;
	if (SSL_version(ssl) == TLS1_3_VERSION)
		SSL_set_options(ssl, SSL_OP_NO_TICKET);
	/* not yet in the cache or a ticket: no other thread sees it */
	if (leaf != NULL && (sess = SSL_get_session(ssl)) != NULL &&
	    tls_certmark(leaf, &mk) == 0)
		(void)SSL_SESSION_set1_ticket_appdata(sess, &mk, sizeof(mk));
	return 1;
}

/*
 * A TLS 1.3 ClientHello that resumes with one of our session IDs (not a
 * sealed ticket, which is far longer) is looked up in the cache: OpenSSL
 * reads the pre-shared key's identity as the connection's options say.
 */
static int
tls_client_hello(SSL *ssl, int *alert, void *arg)
{
	const unsigned char	*ext;
	size_t			 len, idlen;

	(void)alert;
	(void)arg;
	/* identities<7..2^16-1>: a length, then identity<1..2^16-1> */
	if (SSL_client_hello_get0_ext(ssl, TLSEXT_TYPE_psk, &ext,
	    &len) == 1 && len >= 4) {
		idlen = (size_t)ext[2] << 8 | ext[3];
		if (idlen > 0 && idlen <= STATEFUL_ID_MAX)
			SSL_set_options(ssl, SSL_OP_NO_TICKET);
	}
	return SSL_CLIENT_HELLO_SUCCESS;
}

/* SNI: accept our name (and no name); the request URL is checked too. */
static int
tls_servername(SSL *ssl, int *alert, void *arg)
{
	const char *want = arg, *name;

	(void)alert;
	name = SSL_get_servername(ssl, TLSEXT_NAMETYPE_host_name);
	if (name == NULL || strcasecmp(name, want) == 0)
		return SSL_TLSEXT_ERR_OK;
	/* let the handshake finish: the request then gets a clear 53 */
	return SSL_TLSEXT_ERR_OK;
}

SSL_CTX *
tls_ctx_new(const char *cert, const char *key, const char *hostname)
{
	SSL_CTX *ctx;

	if ((ctx = SSL_CTX_new(TLS_server_method())) == NULL)
		goto fail;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	if (SSL_CTX_set_cipher_list(ctx, TLS12_CIPHERS) != 1)
		goto fail;
	SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE |
	    SSL_OP_NO_RENEGOTIATION);
	/* idle connections give their 2 x 16 KB record buffers back */
	SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
	if (SSL_CTX_use_certificate_chain_file(ctx, cert) != 1 ||
	    SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1)
		goto fail;
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_CLIENT_ONCE,
	    NULL);
	SSL_CTX_set_cert_verify_callback(ctx, tls_verify, NULL);
	SSL_CTX_set_client_hello_cb(ctx, tls_client_hello, NULL);
	/* resumption with client certificates needs a session context */
	SSL_CTX_set_session_id_context(ctx,
	    (const unsigned char *)SESSION_ID_CONTEXT,
	    sizeof(SESSION_ID_CONTEXT) - 1);
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
	SSL_CTX_sess_set_cache_size(ctx, MEMBER_SESSIONS_MAX);
	/*
	 * TLS 1.3 sends two tickets per handshake by default; a Gemini
	 * client makes one request per connection and resumes with one, and
	 * every resumption brings a fresh ticket: one is enough work.
	 */
	SSL_CTX_set_num_tickets(ctx, 1);
	SSL_CTX_set_timeout(ctx, SESSION_TIMEOUT);
	/* ticket keys that rotate, and survive a SIGHUP (tickets.c) */
	tickets_use(ctx);
	SSL_CTX_set_tlsext_servername_callback(ctx, tls_servername);
	SSL_CTX_set_tlsext_servername_arg(ctx, (void *)hostname);
	return ctx;
fail:
	tls_log_errors(cert);
	SSL_CTX_free(ctx);
	return NULL;
}

/*
 * The client's identity: SHA-256 of its leaf certificate's DER.  OpenSSL
 * keeps the peer certificate in the session, so a resumed session keeps
 * its identity; its mark (tls_verify()) spares working it out again.
 * Returns 0 with no certificate, 1 with one.
 */
int
tls_identity(SSL *ssl, struct identity *id)
{
	struct certmark	 mk;
	SSL_SESSION	*sess;
	X509		*x;
	void		*data;
	size_t		 len;
	time_t		 now;

	memset(id, 0, sizeof(*id));
	if ((x = SSL_get0_peer_certificate(ssl)) == NULL)
		return 0;
	if ((sess = SSL_get_session(ssl)) != NULL &&
	    SSL_SESSION_get0_ticket_appdata(sess, &data, &len) == 1 &&
	    len == sizeof(mk) && memcmp(data, CERTMARK_TAG,
	    sizeof(CERTMARK_TAG)) == 0)
		memcpy(&mk, data, sizeof(mk));
	else if (tls_certmark(x, &mk) == -1)
		return 0;
	memcpy(id->fingerprint, mk.fingerprint, sizeof(id->fingerprint));
	id->fingerprint[FINGERPRINT_LEN] = '\0';
	now = time(NULL);
	id->not_yet_valid = mk.not_before > (int64_t)now;
	id->expired = mk.not_after < (int64_t)now;
	return 1;
}
