/**
 * The vocabulary of seeded article bodies: real words of helpdesk mail, roughly from most to
 * least frequent, then generated words (product names, host names, jargon) for the long tail.
 * Position in the list is the word's Zipf rank: the seeder draws rank r with probability ~1/r.
 */
const HEAD = `
the to and a i you of is for it in we on this that my be have with not can are please
your our as at if from will but do has was or me an so all us they there would get any
know thanks thank could when what just now also which need one been some out about up
by again here help still after time should more how see issue problem new no let like
its did were then them am get today back other same work working since only use could
account email customer order ticket request support team user system error message page
login password access update file files server service data report invoice payment
please hello hi dear regards best kind sincerely cheers morning afternoon evening week
printer network connection internet phone laptop computer screen browser app application
version software install installed installation upgrade download link attached attachment
screenshot following below above already tried restart restarted reset changed change
working broken fails failed failing cannot unable able seems appears getting shows showing
office meeting manager department colleague colleagues client clients contract price
delivery shipping shipment package address number reference date week month year day
hours minutes yesterday tomorrow morning urgent asap soon possible quickly immediately
problem problems issue issues question questions answer response reply information details
regarding concerning about related due because however although though while where why
who whom whose each every many much few less least most very really quite too enough
first last next previous second third another different similar same own such only
right wrong correct incorrect good bad better worse great fine ok okay sure yes maybe
call called calling contact contacted email emailed sent send sending receive received
open opened close closed closing check checked checking confirm confirmed confirmation
create created creating delete deleted remove removed add added adding edit edited save
saved print printed printing scan scanned copy copied paste moved move sync synced
account accounts billing invoice invoices refund charged charge charges subscription plan
license licenses key keys code codes token tokens certificate certificates expired expire
vpn wifi wireless router firewall proxy dns domain mailbox outlook calendar share drive
folder folders document documents spreadsheet excel word pdf backup restore database
slow fast speed timeout loading loaded crash crashed freeze frozen hang hangs stuck blank
monitor keyboard mouse headset camera microphone speaker battery charger cable dock port
usb bluetooth driver drivers firmware update updates patch settings configuration setup
permission permissions role roles group groups admin administrator rights denied allowed
mobile android iphone tablet device devices hardware model serial warranty repair replace
replacement return returned exchange damaged missing lost found wrong item items product
products stock available unavailable delay delayed tracking courier warehouse store shop
order orders ordered cart checkout discount coupon voucher promotion offer quote quotation
customer customers member members profile username name surname company organisation
branch site location building floor room desk phone mobile extension fax line lines
process procedure policy policies form forms approval approve approved reject rejected
status state pending waiting waited resolved solved fixed fix workaround solution cause
log logs logged trace warning alert alerts notification notifications reminder schedule
migration migrated migrate cloud storage quota limit limits size full space disk memory
cpu performance usage report reports dashboard chart export import csv upload uploaded
integration api webhook endpoint request requests response responses header headers
session sessions cookie cookies cache cleared clear refresh reload logout signed sign
two factor authentication code sms verification verify verified locked unlock unlocked
team teams channel chat video conference audio sound volume mute microphone recording
training guide manual documentation article knowledge base faq tutorial instructions steps
thanks again looking forward hearing soon appreciate help understanding patience sorry
inconvenience apologies apologize unfortunately fortunately hopefully meanwhile meantime
escalate escalated priority critical major minor normal low high severe impact affected
everyone nobody someone something nothing anything everything somewhere anywhere always
never sometimes often usually already yet ago later earlier before during until within
monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december morning noon midnight tonight
`;

const ONSETS = ["b", "br", "c", "ch", "d", "dr", "f", "fl", "g", "gr", "h", "j", "k", "kl", "l", "m", "n", "p", "pl", "qu", "r", "s", "sk", "st", "t", "tr", "v", "w", "z"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou", "y"];
const CODAS = ["", "n", "r", "s", "x", "l", "m", "nt", "rk", "st"];

/** Deterministic made-up words: 2–3 syllables, spread over the syllable space by a multiplicative step. */
function generatedWords(count: number, exclude: ReadonlySet<string>): string[] {
  const syllables: string[] = [];
  for (const onset of ONSETS) for (const vowel of VOWELS) for (const coda of CODAS) syllables.push(onset + vowel + coda);
  const words: string[] = [];
  const seen = new Set(exclude);
  for (let index = 0; words.length < count; index++) {
    const n = (index * 2_654_435_761) >>> 0;
    const first = syllables[n % syllables.length]!;
    const second = syllables[Math.floor(n / syllables.length) % syllables.length]!;
    const third = index % 3 === 0 ? (syllables[Math.floor(n / 7919) % syllables.length] ?? "") : "";
    const word = first + second + third;
    if (word.length > 12 || seen.has(word)) continue;
    seen.add(word);
    words.push(word);
  }
  return words;
}

/** `size` distinct words, most frequent first. */
export function vocabulary(size = 4_000): string[] {
  const head: string[] = [];
  const seen = new Set<string>();
  for (const word of HEAD.split(/\s+/)) {
    if (word === "" || seen.has(word)) continue;
    seen.add(word);
    head.push(word);
  }
  return [...head, ...generatedWords(Math.max(0, size - head.length), seen)].slice(0, size);
}
