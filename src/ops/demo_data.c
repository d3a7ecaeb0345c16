/*
 * demo_data.c: the text of the demo community ("Co-production Commons")
 * that `mootctl demo` loads into a fresh database.  Pure data, no code;
 * demo.c does the writing.  All of it is original, fictional content:
 * the members, places and events are invented.
 */
#include <stddef.h>

#include "ops/demo.h"

const char *demo_community_name = "Co-production Commons";

const char *demo_introduction =
	"Co-production Commons is a network of people who use services, "
	"carers, practitioners, commissioners, lecturers and neighbours "
	"working out together how to share power in public services. Right "
	"now most of us are building a free, openly licensed course on "
	"co-production that any local group can pick up, adapt and run. Pull "
	"up a chair: everyone here speaks as an equal.";

const char *demo_about =
	"Co-production means the people who use services and the people who "
	"run them designing and delivering things together, from the start, "
	"with power genuinely shared rather than 'consulted on' at the end. "
	"This is where we talk about doing that for real, awkward bits "
	"included.\n"
	"\n"
	"We began as a mailing list between a few carers and social workers "
	"who kept getting annoyed by the same things. Today members include social workers, "
	"NHS staff, council commissioners, lecturers and students, alongside "
	"people who use services, unpaid carers and members of the public. "
	"Job titles carry no extra weight here. "
	"Lived experience is expertise.\n"
	"\n"
	"There are four spaces: introductions, course design, local groups "
	"and lived experience. The lived experience space is led by people "
	"who use services and carers; everyone is welcome to read and reply, "
	"but please follow its lead. A small team of volunteer moderators, "
	"some with lived experience and some without, looks after the place, "
	"and decisions about how it runs are talked through in the open.\n"
	"\n"
	"Everything here is a commons. Posts, and the course we are writing "
	"together, are shared under Creative Commons Attribution-ShareAlike "
	"4.0 (CC BY-SA 4.0). Anyone can use the course, translate it, make "
	"easy-read versions or run it in their area, as long as they credit "
	"the people who made it and share their changes under the same "
	"licence. Nobody owns it, and that is the point.\n"
	"\n"
	"=> https://example.org/coproduction-commons/course Current draft of "
	"the open course";

const char *demo_terms =
	"By joining, you agree to help look after this place. In plain "
	"words:\n"
	"\n"
	"* Be kind. Disagree with ideas, not people, and say sorry when you "
	"get it wrong.\n"
	"* We are equals here. A job title, a diagnosis or a caring role "
	"doesn't make anyone's voice count more or less.\n"
	"* Keep other people's details private. Don't post anyone's name, "
	"address, health information, case details or photos without their "
	"clear permission. That includes people you support at work: change "
	"details so nobody can be recognised.\n"
	"* Share your own story only as far as you want to. You never have "
	"to explain your diagnosis or circumstances to take part.\n"
	"* No advertising or selling. Mentioning a free event or resource "
	"that helps the conversation is fine; promoting paid services or "
	"products is not.\n"
	"* No hate, harassment or threats.\n"
	"* Moderators are volunteers. They can edit or remove posts that "
	"break these terms and will usually tell you why. If you disagree "
	"with a decision, ask for a different moderator to look at it.\n"
	"* What you post here is shared under CC BY-SA 4.0, so others may "
	"reuse and adapt it with credit. Only post things you have the right "
	"to share.\n"
	"* This is not a crisis service. If you or someone else is in "
	"danger, contact the emergency services or your local crisis line.\n"
	"\n"
	"To report a post, message any moderator or the admin with a link to "
	"it and a line about what's wrong. You don't need to prove anything. "
	"Reports are kept private and we aim to reply within two days.";

const struct demo_member demo_members[] = {
	{ "Ruth W",			390, 2 },	/*  0 */
	{ "Kwame (social worker)",	340, 1 },	/*  1 */
	{ "Siân from Swansea",		300, 1 },	/*  2 */
	{ "Grace (parent carer)",	250, 0 },	/*  3 */
	{ "Neil in Leeds",		210, 0 },	/*  4 */
	{ "Priya_OT",			180, 0 },	/*  5 */
	{ "Helen (lecturer)",		160, 0 },	/*  6 */
	{ "Marcus",			200, 0 },	/*  7 */
	{ "Bex_Notts",			 95, 0 },	/*  8 */
	{ "Jan in Kendal",		 60, 0 },	/*  9 */
	{ "Amira",			 12, 0 },	/* 10 */
	{ "Colin (Healthwatch)",	 70, 0 },	/* 11 */
	{ "Fi (Glasgow)",		 75, 0 },	/* 12 */
	{ "Lou",			  6, 0 },	/* 13 */
	{ "Tomasz (NHS trust)",		150, 0 },	/* 14 */
	{ NULL, 0, 0 }
};

const struct demo_space demo_spaces[] = {
	{ "introductions", "Introductions",
	  "Say hello, tell us roughly where you are and what brings you "
	  "here. No job title needed." },
	{ "course-design", "Course design",
	  "Writing the open, CC BY-SA co-production course together: "
	  "modules, session plans, accessibility, easy read and "
	  "evaluation." },
	{ "local-groups", "Local groups",
	  "For groups piloting the course or doing co-production where they "
	  "live. Share what happened and what you would change." },
	{ "lived-experience", "Lived experience",
	  "Led by people who use services and carers: payment, power, "
	  "support, and taking part on your own terms." },
	{ NULL, NULL, NULL }
};

/* ---- introductions ---------------------------------------------- */

static const struct demo_comment c_welcome[] = {
	{ 2, 45,
	  "Croeso, everyone. I'm Siân, I live in Swansea and I've used "
	  "mental health services on and off for about fifteen years. These "
	  "days I do peer research and help moderate here.\n"
	  "\n"
	  "I came for the course and stayed because this is one of the few "
	  "places where nobody asks me to 'share my story' and then leaves "
	  "before the discussion starts." },
	{ 4, 1380,
	  "Hi all. Neil, commissioner at a council in West Yorkshire. I'll "
	  "be honest: I'm here partly because our co-production strategy "
	  "looks lovely on paper and I'm not convinced it's changing much in "
	  "practice. Hoping to learn from people who'll tell me that "
	  "straight." },
	{ 3, 2900,
	  "Grace here. I care for my son, who is 24 and has a learning "
	  "disability and epilepsy. I've sat on more 'stakeholder panels' "
	  "than I can count.\n"
	  "\n"
	  "Neil, thank you for saying that out loud. It's more than most "
	  "commissioners manage!" },
	{ 9, 86500,
	  "Hello from Kendal. Retired primary teacher, no connection to "
	  "services except as a neighbour and, increasingly, as a patient. "
	  "A friend sent me the link and I've been quietly reading for a "
	  "week. Lovely to find somewhere this civil." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_student[] = {
	{ 1, 70,
	  "Not naive at all. That's the question. I've been qualified eleven "
	  "years and I still ask it most weeks.\n"
	  "\n"
	  "My short answer: co-production in casework looks smaller than the "
	  "strategy documents suggest. It's asking someone what a good "
	  "outcome looks like before you open the assessment form. It's "
	  "letting them read what you've written about them and change it. "
	  "It's being honest about what you can't change. None of that needs "
	  "a separate meeting." },
	{ 6, 300,
	  "Welcome, Amira. I teach on a social work programme and I'd love "
	  "to hear more about the gap you're describing, because I suspect "
	  "we create some of it. We teach co-production as a value and then "
	  "assess students on individual case reports.\n"
	  "\n"
	  "If you fancy it, the module outline thread in course design could "
	  "really use a student's view, especially the module on sharing "
	  "power in everyday practice." },
	{ 7, 1500,
	  "From the other side of the desk: the social worker who made the "
	  "most difference to me never used the word co-production once. She "
	  "rang back when she said she would, and she asked me what I "
	  "thought before she decided things. You'll be fine." },
	{ 10, 2100,
	  "Thank you, all of you. Marcus, that's going on a sticky note "
	  "above my desk. Helen, I'll read the module thread this weekend." },
	{ 5, 5000,
	  "Late to this, but welcome! I'm an OT in a community mental health "
	  "team. The caseload pressure is just as real in health. The small "
	  "things still count." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_newcarer[] = {
	{ 3, 40,
	  "Lou, yes. A hundred times yes. Carers are exactly who this is "
	  "for. The jargon is mostly people making simple things sound "
	  "complicated. Ask whenever something doesn't make sense and "
	  "someone will translate." },
	{ 0, 95,
	  "Welcome, Lou. You belong here as much as anyone. A few things "
	  "that might help before your first meeting:\n"
	  "\n"
	  "* It's fine to ask the group what they mean by co-production. "
	  "Different trusts mean very different things.\n"
	  "* Ask whether you'll be paid, or at least have expenses covered, "
	  "and whether meetings can fit around your caring.\n"
	  "* You can answer 'I don't know yet' to anything.\n"
	  "\n"
	  "Grace's thread on payments and benefits in the lived experience "
	  "space is worth a read too." },
	{ 13, 600,
	  "Thank you both. I didn't know to ask about payment. I'll check.\n"
	  "\n"
	  "It's strange being asked what I think after three years of "
	  "mostly being told things." },
	{ 2, 1700,
	  "That feeling is worth holding on to, Lou. It's exactly what good "
	  "co-production is meant to change. Let us know how the first "
	  "meeting goes, if you'd like to." },
	{ 0, 0, NULL }
};

/* ---- course-design ---------------------------------------------- */

static const struct demo_comment c_modules[] = {
	{ 2, 95,
	  "Thanks for pulling this together, Helen. First reaction: module 3 "
	  "is doing too much. Payment is a practical question; 'lived "
	  "experience as expertise' is a culture question. Squash them "
	  "together and payment will eat the whole session, because it's the "
	  "thing people are angriest about.\n"
	  "\n"
	  "Could payment and support sit with the practical material, and "
	  "module 3 stay about whose knowledge counts?" },
	{ 4, 400,
	  "Agree with Siân. From the commissioning side I'd add that payment "
	  "needs enough time for the boring mechanics (budgets, invoices, "
	  "benefits advice), because that's where good intentions go to die "
	  "in my organisation." },
	{ 3, 1300,
	  "I'm going to push back gently on history in module 1. When I did "
	  "a course like this a few years ago, the first hour was ladder "
	  "diagrams and a lecture about the 1970s, and half the carers didn't "
	  "come back for week two.\n"
	  "\n"
	  "Start with people's own experiences of being listened to, or not. "
	  "The theory can come in afterwards, when it explains something "
	  "they've already felt." },
	{ 6, 1500,
	  "> Start with people's own experiences of being listened to, or "
	  "not.\n"
	  "\n"
	  "That's really fair, Grace, and exactly the kind of thing I can't "
	  "see from where I'm standing. What if module 1 opened with a 'best "
	  "and worst time you were involved' exercise, and the ladder came in "
	  "at the end as a way of naming what people had described?" },
	{ 3, 1620,
	  "Yes. That I'd come back for." },
	{ 7, 4300,
	  "On conflict: please keep it as its own module. Every "
	  "co-production group I've been in has hit the moment where the "
	  "professionals quietly make a decision outside the room. If the "
	  "course doesn't prepare people for that, it's selling a fairy "
	  "tale.\n"
	  "\n"
	  "It doesn't have to be heavy. Make it practical: what do you do on "
	  "the Tuesday when it happens." },
	{ 1, 4500,
	  "+1 to Marcus. And practitioners need it as much as anyone. Most of "
	  "us have never been trained to hear 'no, that's not what we agreed' "
	  "from someone we support without getting defensive." },
	{ 5, 8800,
	  "Two small points from an NHS angle:\n"
	  "\n"
	  "* 2.5 hours is long for a lot of people, including anyone with a "
	  "fatigue condition and anyone doing the school pickup. Could each "
	  "module work as two shorter sessions, with the option of running "
	  "them back to back?\n"
	  "* Module 4 should name online accessibility explicitly: captions, "
	  "cameras off being fine, materials sent in advance. Plenty of "
	  "groups will run this over video calls." },
	{ 6, 9100,
	  "Priya, the split-session idea is good. I'll draft a version where "
	  "every module works as one long or two short sessions. It makes "
	  "the facilitator notes more complicated, but that's our problem, "
	  "not the participants'." },
	{ 8, 14500,
	  "Hi. I am Bex. I am a self advocate.\n"
	  "\n"
	  "Can the modules have easy read titles too? 'Knowing if it worked' "
	  "is good. 'Lived experience as expertise' is hard. Maybe 'What you "
	  "know from your life counts'.\n"
	  "\n"
	  "I would like to help with this." },
	{ 6, 14700,
	  "Bex, yes please. Honestly, that's a better title than mine. Would "
	  "you be up for a short call with me and Siân to go through all six? "
	  "We'd pay you for your time at the same rate as the session "
	  "leads." },
	{ 8, 15200,
	  "Yes. My support worker Jo can help with the call. Tuesdays are "
	  "best." },
	{ 11, 21000,
	  "Reading this as a Healthwatch volunteer. One thing I don't see is "
	  "what happens after the course. People come out fired up and then "
	  "there's no group to go back to.\n"
	  "\n"
	  "Could module 6 end with the group planning one small, real piece "
	  "of co-production to do together in the next three months? Then "
	  "the evaluation has something to look at." },
	{ 4, 21400,
	  "Colin, I like that a lot, and it's the bit I could most easily "
	  "justify funding. 'Course plus one real project' is a far easier "
	  "sell to my director than 'course'." },
	{ 2, 22000,
	  "Slight worry, though. If the real project gets chosen under "
	  "pressure in the last session, it'll end up being whatever the "
	  "council already wanted to do. Maybe the idea gets seeded in module "
	  "2 and the group owns it across all six weeks?" },
	{ 12, 30000,
	  "Coming in from Glasgow, where we've been piloting the draft. Quick "
	  "report: Grace's 'best and worst time' opener works beautifully. "
	  "The ladder diagram went down much better at the end, exactly as "
	  "predicted. Our everyday-practice session ran twenty minutes over "
	  "because people had so much to say about GP appointments.\n"
	  "\n"
	  "Fuller notes are in the Glasgow thread in local groups." },
	{ 6, 31000,
	  "Brilliant, Fi, thank you. Here's where I think we've got to, so "
	  "people can tell me if I've misheard:\n"
	  "\n"
	  "* Module 1 opens with people's own experiences; theory at the "
	  "end\n"
	  "* Payment and support move to a practical module; module 3 is "
	  "about whose knowledge counts\n"
	  "* Conflict stays as its own module, framed practically\n"
	  "* Every module can run as one long or two short sessions\n"
	  "* Easy read titles for all six, written with Bex and Siân\n"
	  "* A small group project, seeded early and carried through\n"
	  "\n"
	  "I'll turn this into v0.4 over the next fortnight." },
	{ 9, 33000,
	  "Just to say, as a complete outsider: reading this thread has been "
	  "an education in itself. I'd sign up for this course." },
	{ 6, 52000,
	  "v0.4 is up. Thank you, all of you.\n"
	  "\n"
	  "=> https://example.org/coproduction-commons/course/v0.4 Course "
	  "draft v0.4\n"
	  "\n"
	  "The biggest change is the module order. Bex's easy read titles are "
	  "used throughout, next to the longer ones, and the Glasgow café "
	  "walk-round is in module 4 as an optional activity." },
	{ 7, 53500,
	  "Read it on the bus. The conflict module is good. It reads like it "
	  "was written by people who've been there, which it was." },
	{ 10, 82080,
	  "Student here, sent over from the introductions thread. The "
	  "everyday-practice module in v0.4 is the one I wish we'd had at "
	  "uni.\n"
	  "\n"
	  "One request: could there be a case example from statutory work, "
	  "like a review or an assessment? Most of the examples feel set in "
	  "voluntary sector projects where there's more room to manoeuvre." },
	{ 1, 83500,
	  "Good shout, Amira. I'll write one up from a review I did last "
	  "year, with the details changed, and post a draft here first so "
	  "people can pick holes in it." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_session[] = {
	{ 7, 180,
	  "Love 'no ice-breakers that make people perform'. I'd add a group "
	  "agreement on the wall from session one, about how we'll treat "
	  "each other, that the group writes itself and can change." },
	{ 5, 900,
	  "Could we build in a quiet corner for in-person sessions, and say "
	  "out loud that people can leave and come back? For some people, "
	  "knowing they can step out is the thing that lets them stay." },
	{ 4, 2600,
	  "Practical question: who holds the budget for tea and travel in a "
	  "pilot? In my experience nothing derails a session like someone "
	  "who couldn't get there because they were told expenses would be "
	  "'sorted later'." },
	{ 2, 2800,
	  "Neil, I think that needs to go in the facilitator notes in bold: "
	  "expenses paid on the day, in cash or by bank transfer that week, "
	  "never 'later'. Anyone disagree?" },
	{ 3, 3100,
	  "Agree. And if someone needs a carer or support worker with them, "
	  "their costs too." },
	{ 12, 7300,
	  "This is very close to what we've landed on in Glasgow, which is "
	  "reassuring. The only change we'd suggest: the check-in round took "
	  "half an hour with fourteen people, so we now split into two "
	  "smaller circles." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_easyread[] = {
	{ 6, 60,
	  "Me, Bex. Thank you for writing this.\n"
	  "\n"
	  "You are right. We were going to make the easy read at the end. "
	  "That was wrong. We will change the plan so the easy read is "
	  "written at the same time as everything else." },
	{ 2, 240,
	  "Count me in too. I'd suggest we pay the easy read team by the "
	  "hour like the session leads, not per document. Writing good easy "
	  "read takes much longer than people think." },
	{ 8, 1500,
	  "Thank you. Our self advocacy group meets on Thursdays. 4 people "
	  "said they want to help." },
	{ 11, 3000,
	  "Brilliant. One practical thing: a lot of easy read uses picture "
	  "libraries whose licences won't fit with CC BY-SA. If we want the "
	  "whole course to stay open, we may need to draw or photograph our "
	  "own pictures. Might be a nice job for a local group?" },
	{ 0, 3400,
	  "Good catch, Colin. I've checked, and you're right about a couple "
	  "of the popular libraries. Let's keep a list of picture sources we "
	  "know are compatible and only use those.\n"
	  "\n"
	  "=> https://example.org/coproduction-commons/easy-read/pictures "
	  "Picture sources we've checked" },
	{ 8, 9800,
	  "We took photos at our group today for the module 4 pages. Jo will "
	  "upload them. Everyone in the photos said yes to sharing." },
	{ 3, 10100,
	  "These are fantastic, Bex. My son recognised the 'take a break' "
	  "photo straight away, which is more than I can say for most clip "
	  "art." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_evaluation[] = {
	{ 6, 300,
	  "Colin, this is exactly where the academic side ought to be useful "
	  "and often isn't. I'd keep it very simple: a short before-and-after "
	  "conversation, a one-page reflection from each co-facilitator, and "
	  "an open session at the end where the group decides what goes in "
	  "the report. Nothing that needs an ethics committee to run." },
	{ 7, 800,
	  "Please, no 'distance travelled' scales. I've been measured on so "
	  "many of those I could fill them in asleep. Ask me what changed. "
	  "I'll tell you." },
	{ 4, 1900,
	  "I hear you, Marcus, and I mostly agree. The uncomfortable truth is "
	  "that I need a few numbers to get a second year of money. Could we "
	  "agree a very small set (attendance, whether people would "
	  "recommend it, how many joined the follow-on project) and do "
	  "everything else through stories?" },
	{ 7, 2200,
	  "> Could we agree a very small set\n"
	  "\n"
	  "That's fair, and I'd rather you got the money. Numbers about the "
	  "course, not scores about me. I can live with that." },
	{ 2, 4300,
	  "Peer research angle: if local groups want it, I'm happy to run a "
	  "short online session on doing the analysis together, with people "
	  "sorting quotes into themes on a big shared board. It's "
	  "surprisingly fun, and it means the people who were on the course "
	  "decide what it meant." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_licence[] = {
	{ 0, 120,
	  "You've got the licence right, Kwame. The credit line we suggest "
	  "is at the front of the draft. They can add their logo too, as "
	  "long as it doesn't suggest we endorse their version.\n"
	  "\n"
	  "=> https://example.org/coproduction-commons/course/licence How to "
	  "credit and share the course" },
	{ 3, 700,
	  "I'm a bit uneasy, honestly. Not about the licence, about the "
	  "spirit of it. Once it's an 'Academy' I can picture it being run "
	  "entirely by staff, for staff.\n"
	  "\n"
	  "Could your team commit to co-delivery with paid people with lived "
	  "experience, even though the licence doesn't make them?" },
	{ 1, 1500,
	  "That's my worry too, Grace, and I'd much rather hear it here than "
	  "find out later. I'll make co-delivery a condition of me helping. "
	  "I'll also ask them to post their version back here so everyone "
	  "can see what they changed." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_checklist[] = {
	{ 0, 0, NULL }
};

/* ---- local-groups ----------------------------------------------- */

static const struct demo_comment c_glasgow[] = {
	{ 2, 200,
	  "This is gold, Fi, thank you. The 'staff explaining the system' "
	  "thing comes up everywhere. Have you tried anything to shift it?" },
	{ 12, 500,
	  "We tried a gentle rule: anyone explaining a process has to finish "
	  "with 'and what do you think of that?'. It sort of works. The staff "
	  "joke about it now, which I take as a good sign." },
	{ 4, 3000,
	  "Really sorry to hear about the benefits worry. It's the thing I'm "
	  "most nervous about for our pilot. Did the person get any advice "
	  "before dropping out?" },
	{ 12, 3300,
	  "They did, from a welfare rights worker, and the advice was that it "
	  "would probably be fine. But 'probably' isn't enough when you've "
	  "been sanctioned before. We've offered them the option of coming "
	  "with expenses only, and they might come back." },
	{ 3, 3600,
	  "That's so familiar. It isn't the rules, it's the fear. Nobody "
	  "should have to gamble their income to help improve a service." },
	{ 12, 21500,
	  "Update after session four (accessibility). Best one yet.\n"
	  "\n"
	  "One of our group, who is partially sighted, led a walk-round of "
	  "the café with everyone noting barriers as we went. The owner "
	  "joined in and is moving the menu board down to eye level. Small, "
	  "real change.\n"
	  "\n"
	  "We've also cut sessions to two hours after feedback." },
	{ 5, 22400,
	  "The café walk-round is such a good idea. Could it go into the "
	  "module 4 notes as an optional activity?" },
	{ 6, 23000,
	  "Added to the v0.4 draft, credited to the Glasgow group. Thank "
	  "you." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_leeds[] = {
	{ 12, 400,
	  "Happy to share ours, rough numbers with anything identifying "
	  "taken out. Paying people with lived experience was about a third "
	  "of the total. The surprise cost was childcare, which we hadn't "
	  "budgeted for at all." },
	{ 14, 1800,
	  "I work in an NHS trust involvement team, so I spend a lot of time "
	  "on exactly this with finance colleagues.\n"
	  "\n"
	  "What helped us was framing payment as paying for expertise, with "
	  "the same paperwork logic as hiring an external trainer, rather "
	  "than as a thank-you. Finance teams understand contractor rates. "
	  "They don't understand gratitude budgets." },
	{ 7, 2500,
	  "Tomasz is right. And if finance cuts the payment line, please "
	  "don't run it with unpaid volunteers and still call it "
	  "co-production. Run a smaller pilot with paid people." },
	{ 4, 2700,
	  "Understood, Marcus, and I agree. I'd rather do one neighbourhood "
	  "properly than cut that line." },
	{ 4, 30000,
	  "Update: one neighbourhood approved, payment line intact, and a "
	  "promise of a second if it goes well. Thank you all. Fi's budget "
	  "and Tomasz's framing both ended up in the paper almost word for "
	  "word." },
	{ 3, 30500,
	  "Well done, Neil! Genuinely." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_cumbria[] = {
	{ 11, 4000,
	  "Not Cumbria, but I'm in rural Lincolnshire and we hit the same "
	  "problems. Daytime sessions in a village hall with a shared lift "
	  "list worked far better than online for us.\n"
	  "\n"
	  "On confidentiality, we agreed at the start that nothing personal "
	  "leaves the room, and we made it normal to share an experience as "
	  "'someone I know'. Happy to chat more." },
	{ 0, 0, NULL }
};

/* ---- lived-experience ------------------------------------------- */

static const struct demo_comment c_payrate[] = {
	{ 2, 120,
	  "Name a number. Principles are how we ended up with vouchers.\n"
	  "\n"
	  "I'd also say the co-facilitation rate should match what the "
	  "practitioner co-facilitator costs per hour. Otherwise we're saying "
	  "one expert is worth less than the other." },
	{ 4, 900,
	  "I'm all for a number. The catch is that it'll go out of date, and "
	  "organisations have different pay rules. Could the course give a "
	  "recommended minimum, say it should be reviewed every year, and "
	  "show the date it was last set?" },
	{ 3, 2000,
	  "Please don't forget the hidden costs for carers. If I "
	  "co-facilitate for three hours, I have to pay for someone to be "
	  "with my son for five, including travel. A good hourly rate still "
	  "leaves me out of pocket if replacement care isn't covered "
	  "separately." },
	{ 7, 2300,
	  "> A good hourly rate still leaves me out of pocket if replacement "
	  "care isn't covered separately.\n"
	  "\n"
	  "Grace, that's a really important one and I hadn't thought of it. "
	  "Replacement care should be its own line, paid on top." },
	{ 14, 5800,
	  "For what it's worth, in our trust we pay by the hour, with "
	  "separate lines for preparation and travel time. We offer people a "
	  "choice of payment, vouchers or expenses only, because for some "
	  "people a payment causes more problems than it solves. The choice "
	  "matters as much as the rate." },
	{ 8, 7200,
	  "I like getting paid. It makes me feel like my work is real work.\n"
	  "\n"
	  "But sometimes the forms are too hard. Please make the forms easy "
	  "read too." },
	{ 6, 10500,
	  "I've drafted a section for the course from this thread:\n"
	  "\n"
	  "* a recommended minimum hourly rate, reviewed every year\n"
	  "* preparation and travel time paid\n"
	  "* replacement care and support costs paid separately\n"
	  "* a free choice of how to be paid\n"
	  "* easy read forms\n"
	  "\n"
	  "Marcus, Siân, Grace, would you check it before it goes in?" },
	{ 7, 11000,
	  "Yes. And thank you for actually doing something with it." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_benefits[] = {
	{ 7, 300,
	  "For me the biggest thing was an organisation that paid on a "
	  "predictable schedule. Random lump sums were what caused me "
	  "problems. Regular and small is much easier to report." },
	{ 2, 1400,
	  "Organisations should fund proper welfare rights advice as part of "
	  "the involvement budget, not just signpost to it. A half-hour "
	  "appointment before someone starts would have saved Fi's group "
	  "member a lot of worry." },
	{ 14, 4000,
	  "From the organisation side: we now offer every new involvement "
	  "partner a free welfare rights check before they start, and anyone "
	  "can pause payments or switch to expenses only, at any point, "
	  "without giving a reason. Take-up has gone up, not down." },
	{ 3, 4500,
	  "Tomasz, that's exactly what I'd want every organisation to do. "
	  "Could it go into the course as a 'minimum offer'?" },
	{ 13, 47000,
	  "I've just been offered payment for the hospital group, and this "
	  "thread really helped. I didn't know I could ask for the terms in "
	  "writing. I asked, and they said yes straight away." },
	{ 0, 0, NULL }
};

static const struct demo_comment c_toomuch[] = {
	{ 3, 600,
	  "Thank you for this, Siân. For me the sign is when I start "
	  "dreading the emails. Now I reply 'I'll sit this round out' and "
	  "leave it at that." },
	{ 0, 0, NULL }
};

const struct demo_thread demo_threads[] = {
	/* 0 */
	{ "introductions", 0, 118, 356,
	  "Welcome — please say hello here",
	  "Hello and welcome. I'm Ruth, one of the people who keeps the "
	  "lights on here. I'm a community development worker by trade and "
	  "a carer for my dad on my days off, so I've sat on both sides of "
	  "the table and found both of them uncomfortable at times.\n"
	  "\n"
	  "If you're new, this is a good place to start. Tell us as much or "
	  "as little as you like:\n"
	  "\n"
	  "* what brings you here\n"
	  "* roughly where you are (a town or region is plenty)\n"
	  "* one thing you'd like to learn, or one thing you could share\n"
	  "\n"
	  "You don't need a job title to belong here. Some of our most "
	  "useful posts come from people who just turned up curious.\n"
	  "\n"
	  "If you want to get stuck in, the course design space is where the "
	  "open co-production course is being written. Have a look at the "
	  "module outline thread and add your thoughts, even if it's only "
	  "'this bit confused me'.",
	  c_welcome },
	/* 1 */
	{ "introductions", 10, 9, 88,
	  "Student social worker, a bit nervous about posting",
	  "Hi everyone. I'm Amira, second year of a social work MA, on "
	  "placement in an adult social care team in the Midlands. My "
	  "practice educator pointed me here after I asked a question she "
	  "said was 'too big for supervision'!\n"
	  "\n"
	  "The question was basically: how do you do co-production properly "
	  "when you've got a caseload, eligibility criteria and a manager "
	  "asking about timescales? At university everyone talks about it as "
	  "a value. On placement it feels like something that happens in a "
	  "separate meeting I'm not invited to.\n"
	  "\n"
	  "Sorry if that's naive. Happy to just read for a while.",
	  c_student },
	/* 2 */
	{ "introductions", 13, 2, 31,
	  "New here. Carer, not a professional. Is this for me?",
	  "Hello. I look after my partner, who has MS, and I've recently been "
	  "asked to join a 'co-production group' at our local hospital trust. "
	  "I said yes before I really knew what it meant, and found this "
	  "place by searching for the word.\n"
	  "\n"
	  "I haven't got any qualifications in this and I don't know the "
	  "jargon. Is it all right for me to be here?",
	  c_newcarer },
	/* 3: the long one */
	{ "course-design", 6, 64, 392,
	  "Module outline v0.3: what's missing, what's wrong?",
	  "Here's where the module outline has got to after the last two "
	  "online workshops. Thank you to everyone who came, and to those who "
	  "sent notes afterwards. I'm holding the pen, but this isn't my "
	  "course, so please tear into it.\n"
	  "\n"
	  "* Module 1: What co-production is (and isn't): history, ladders of "
	  "participation, spotting tokenism\n"
	  "* Module 2: Sharing power in everyday practice\n"
	  "* Module 3: Lived experience as expertise: valuing, paying and "
	  "supporting people\n"
	  "* Module 4: Making it accessible: venues, online, easy read, "
	  "language, timing\n"
	  "* Module 5: Working through conflict, including when power pushes "
	  "back\n"
	  "* Module 6: Knowing if it worked\n"
	  "\n"
	  "Each module is one 2.5-hour session, co-delivered by a person with "
	  "lived experience and a practitioner, both paid. Six sessions, "
	  "fortnightly.\n"
	  "\n"
	  "=> https://example.org/coproduction-commons/course/v0.3 Course "
	  "draft v0.3 (editable copy)\n"
	  "\n"
	  "Where I'm stuck: is six the right number? Does history belong in "
	  "module 1, or does it put people off on day one? And is conflict "
	  "too heavy to be a module of its own?",
	  c_modules },
	/* 4 */
	{ "course-design", 2, 40, 174,
	  "What should a session feel like? A draft running order",
	  "Following on from the module outline, a few of us have been "
	  "talking about the shape of a session rather than its content. If "
	  "every module follows roughly the same pattern, new facilitators "
	  "have less to learn and participants know what to expect, which "
	  "matters a lot if you're anxious.\n"
	  "\n"
	  "A first go, for a 2.5-hour session or two shorter halves:\n"
	  "\n"
	  "* Arrive and settle (15 min): tea, name badges optional, no "
	  "ice-breakers that make people perform\n"
	  "* Check-in round (15 min): one word or pass, and passing is always "
	  "fine\n"
	  "* Main activity (45 min)\n"
	  "* Break (20 min): a proper one, not five minutes\n"
	  "* Second activity or discussion (40 min)\n"
	  "* What are we taking away? (15 min)\n"
	  "\n"
	  "Co-facilitators agree beforehand who leads which part, and both "
	  "are paid for planning time, not just the session itself.\n"
	  "\n"
	  "What would you change?",
	  c_session },
	/* 5 */
	{ "course-design", 8, 22, 141,
	  "Easy read: let's make it properly, not at the end",
	  "Hello. I am Bex. I live in Nottingham. I have a learning "
	  "disability.\n"
	  "\n"
	  "I go to lots of meetings. Often the easy read papers come after "
	  "the meeting. Or they never come.\n"
	  "\n"
	  "I want the course to have easy read from the start. Not made at "
	  "the end.\n"
	  "\n"
	  "I think:\n"
	  "\n"
	  "* people with learning disabilities should write it with the "
	  "team\n"
	  "* they should be paid\n"
	  "* we should check the pictures too\n"
	  "\n"
	  "My support worker Jo helped me type this. Who wants to help?",
	  c_easyread },
	/* 6 */
	{ "course-design", 11, 15, 96,
	  "Evaluation that doesn't turn people into data points",
	  "Module 6 is about knowing if it worked, and the pilots will need "
	  "some evaluation for funders anyway. I've seen a lot of evaluation "
	  "done to people: a feedback form at the end, a satisfaction score, "
	  "a case study picked by the manager.\n"
	  "\n"
	  "Some half-formed ideas:\n"
	  "\n"
	  "* Ask the group at the start what success would look like for "
	  "them, and come back to it at the end\n"
	  "* Pay people with lived experience to help design and analyse the "
	  "evaluation, not just fill it in\n"
	  "* Use stories as well as numbers, with people choosing which of "
	  "their words get shared\n"
	  "* Be honest about what didn't work\n"
	  "\n"
	  "Has anyone seen this done well? And how do we keep it light "
	  "enough for a small volunteer group to manage?",
	  c_evaluation },
	/* 7 */
	{ "course-design", 1, 3, 47,
	  "Licence question: can a council rebrand the course?",
	  "Our council's workforce team want to run the course next spring, "
	  "which is great news. But their first question was whether they "
	  "can put the council logo on the materials and call it their "
	  "'Co-production Academy'.\n"
	  "\n"
	  "My understanding of CC BY-SA is that they can adapt and rebrand it, "
	  "as long as they credit the original, say what they changed, and "
	  "share their version under the same licence. They can't close it "
	  "up or charge a licence fee.\n"
	  "\n"
	  "Have I got that right? And is anyone uneasy about a council "
	  "badging it, when the whole point is shared ownership?",
	  c_licence },
	/* 8 */
	{ "course-design", 5, 1, 14,
	  "Accessibility checklist for module 4: comments welcome",
	  "I've pulled together a one-page checklist that groups can use "
	  "before each session, based on the threads here and the Glasgow "
	  "café walk-round. It covers in-person and online.\n"
	  "\n"
	  "* Step-free access, an accessible toilet, and somewhere quiet to "
	  "step out to\n"
	  "* Hearing loop tested on the day, not just listed\n"
	  "* Materials sent at least a week ahead, in large print or easy "
	  "read if asked\n"
	  "* Captions on for online sessions; cameras off always fine\n"
	  "* A break every 45 minutes or so\n"
	  "* Times that fit around school runs, care visits and buses\n"
	  "* Ask people privately what they need, and don't make them repeat "
	  "it every time\n"
	  "\n"
	  "What have I missed?",
	  c_checklist },
	/* 9 */
	{ "local-groups", 12, 50, 233,
	  "Glasgow pilot: honest notes from the first three sessions",
	  "We're a mixed group of fourteen on the south side of Glasgow: six "
	  "people who use services (mental health, recovery, one young adult "
	  "carer), four unpaid carers and four staff from the local health "
	  "and social care partnership. We meet weekly in a community café. "
	  "We started from the v0.2 draft and have been folding in ideas "
	  "from the module thread as we go.\n"
	  "\n"
	  "What's gone well:\n"
	  "\n"
	  "* Meeting in the café, not a council building. Several people said "
	  "they wouldn't have come to an office.\n"
	  "* Paying session leads on the day. It changed the mood straight "
	  "away.\n"
	  "* Grace's 'best and worst time you were involved' opener.\n"
	  "\n"
	  "What's been harder:\n"
	  "\n"
	  "* Staff keep slipping into explaining how the system works. It's "
	  "well meant and it takes over.\n"
	  "* Two people have dropped out, one over a benefits worry about the "
	  "payments.\n"
	  "* Everything takes longer than we planned.\n"
	  "\n"
	  "More after session four.",
	  c_glasgow },
	/* 10 */
	{ "local-groups", 4, 30, 158,
	  "Leeds: making the case for funding a pilot",
	  "I'm trying to get a small budget agreed to run the course in two "
	  "neighbourhoods next year. I have a sympathetic director and a very "
	  "nervous finance team.\n"
	  "\n"
	  "The case I'm drafting rests on three things:\n"
	  "\n"
	  "* it's cheap, because the materials are free and open\n"
	  "* it builds skills our existing co-production boards keep saying "
	  "they lack\n"
	  "* it produces a real piece of co-designed work, not just a "
	  "certificate\n"
	  "\n"
	  "The biggest cost is paying people with lived experience fairly, "
	  "and that's the line finance keeps wanting to cut. If anyone has a "
	  "pilot budget they'd share, even a rough one, it would help me "
	  "argue that this is a small, normal cost and not a luxury.",
	  c_leeds },
	/* 11 */
	{ "local-groups", 9, 11, 22,
	  "Anyone in Cumbria? A small rural group wanting to try this",
	  "A few of us in Kendal and the villages round about have been "
	  "talking about running the course. We're mostly retired, plus a "
	  "couple of carers, a district nurse, and a lad who's just come "
	  "through drug and alcohol services and is keen.\n"
	  "\n"
	  "Our problems are very rural ones: no buses after six, patchy "
	  "broadband, and everyone knowing everyone, which makes "
	  "confidentiality tricky.\n"
	  "\n"
	  "Is anyone else doing this somewhere rural? I'd love to compare "
	  "notes.",
	  c_cumbria },
	/* 12 */
	{ "lived-experience", 7, 80, 301,
	  "Paying people for their time: what's a fair rate?",
	  "I want to have this conversation in the open, because it keeps "
	  "coming up in the course design threads and getting parked.\n"
	  "\n"
	  "I've been 'involved' in services for about eight years. I've been "
	  "paid £10 a meeting, £25 an hour, a £15 voucher, a free lunch and "
	  "nothing at all, sometimes for the same kind of work in the same "
	  "city. The people sitting next to me were on salary every time.\n"
	  "\n"
	  "My view: if the course says lived experience is expertise, it "
	  "should recommend a clear minimum hourly rate for co-facilitators, "
	  "the same whether you're a carer, someone who uses services or "
	  "anyone else, and it should cover preparation time.\n"
	  "\n"
	  "What do others think is fair? And should the course name a number "
	  "at all, or just a principle?",
	  c_payrate },
	/* 13 */
	{ "lived-experience", 3, 34, 189,
	  "Payments and benefits: what's worked for you?",
	  "After Fi's Glasgow notes, I wanted a space for people on benefits "
	  "to share what has helped them take paid involvement work without "
	  "it causing trouble. This isn't official advice, so please check "
	  "your own situation with a welfare rights adviser. It's just real "
	  "experience.\n"
	  "\n"
	  "What's helped me as a carer:\n"
	  "\n"
	  "* Asking for the payment terms in writing before the first "
	  "session\n"
	  "* Keeping a simple note of every payment and what it was for\n"
	  "* Telling the benefits office early rather than waiting to be "
	  "asked\n"
	  "\n"
	  "What has helped you? And what should organisations do "
	  "differently?",
	  c_benefits },
	/* 14 */
	{ "lived-experience", 2, 5, 39,
	  "When involvement gets too much",
	  "A gentler thread. Over the years I've said yes to too many panels "
	  "and groups, then felt awful about stepping back, as if I was "
	  "letting down everyone who shares my diagnosis.\n"
	  "\n"
	  "If you're feeling like that: you are allowed to stop, pause, or "
	  "say 'not this one'. Good co-production makes room for that without "
	  "anyone needing a reason.\n"
	  "\n"
	  "What helps you know when it's time to step back?",
	  c_toomuch },
	{ NULL, 0, 0, 0, NULL, NULL, NULL }
};
