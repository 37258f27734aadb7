import { RoundExceptions } from './roundExceptions.js';
import type { Entry } from './defaultLibrary.js';

/*
 * Round 6 of the starter library (2 Dec 2026), written from blind-7.tsv and blind-8.tsv (a third author: game and group
 * chat with Roman Urdu and Punjabi lines; forum posts, searches, essays and worksheets with Welsh and Polish), which
 * rounds 1 to 5 caught 81.8 % and 70.2 % of, unseen. Each rule is a family of ways of saying it, not the line it was
 * found on:
 *   - coded self-harm and drug terms (cat scratches, s.h., the thing with the razor, a blade out of a sharpener;
 *     boost, snow, loud, carts, xan bars, lean and purple, sold beside a menu, a drop or "pm me not here");
 *   - plans without a risk word (letters written, a day chosen, "before I go", a high bridge at night), family better
 *     off if I was not alive, searches ("what happens to your body when", "lowest calories a day", "where to buy
 *     blades without a parent");
 *   - Roman Urdu and Punjabi (khudkushi, marna chahta, charas, chitta, chaaku), Polish and Welsh sentences in their
 *     inflected forms (się tnę, nie jem od, przyniosę nóż, taswn i'n marw, fy mwlio, lluniau noeth, rhyfel hil);
 *   - hate and extremism references (13/50 beside a reminder, a group "all thieves" who "should be forced out",
 *     conspiracies about Jews, Patriot Alternative, Siege and the Turner Diaries, ted pilled, take up arms).
 * The exceptions these rules carry and round6Exceptions adds to earlier rules are for lessons, worksheets and news
 * written in the third person or the imperative ("a friend might be thinking about suicide", "what is self-harm",
 * "groomers often ask", "says Home Office report", "Ofcom's rules force porn sites"), a game's "suicided into the
 * storm" and a burn on a toastie maker, each tied to the words of the match so that a risk said in the first person
 * beside a lesson still fires. Hard negatives for each family are in corpus/pupil-messages.tsv under "# round 6".
 */

// Lessons, worksheets and news: where a word is taught or reported, not meant.
const TEACHING =
  '(pshe|rse lesson|worksheet|wellbeing worksheet|lesson|assembly|tutor time|form time|homework|revision|essay|citizenship|documentary|news|article|report)';
// Ways of telling someone about a plan, beside which a goodbye or a letter is one.
const PLAN_WORDS =
  '(letters|letter|notes|note|goodbye|goodbyes|decided|chosen|picked|the day|the date|the night|say sorry|forgive me|tell someone|tell you|last time|one last|thank you|love you all)';
// What a goodbye letter is written beside: a day, a going, an apology.
const AFTER_WORDS =
  '(goodbye|goodbyes|decided|the day|the date|before i go|when i am gone|after i am gone|after i die|say sorry|forgive me|love you all|one last|read them after|read it after|find them|find it)';
// Letters and notes of school, post and thanks.
const LETTER_EX =
  '(penpal|pen pal|santa|father christmas|thank you|thankyou|birthday|christmas|xmas|valentine|valentines|my mp|an mp|council|headteacher|complaint|application|cover letter|job|work experience|ucas|homework|english|french|spanish|german|welsh|assignment|task|exercise|revision|exam|exams|test) NEAR/10 (letters|letter|notes|note)';
// Hunger between meals, in a fast or in lessons.
const HUNGRY_HARMLESS =
  '(after dinner|fasting|ramadan|roza|during exams|in lessons|in class|between meals|between lunch|before lunch|before dinner|after school|after training|during training|at night) NEAR/8 hungry';
// Accidents that cut or scar.
const INJURY_NEAR =
  '(on the fence|on a fence|on glass|on paper|on a nail|on barbed wire|on a tin|by accident|accidentally|fell off|fell over|tripped|my bike|operation|surgery|shaving|cooking)';
// A pet's scratches.
const CAT_HARMLESS =
  '(kitten|kittens|claws|fur ball|litter|sofa|couch|furniture|curtains|the vet|fever|disease|scratching post|scratch post|scratch board|scratch mat|cat tree|scratcher|catnip|meow|purr|bit me|adopt|adopted|rescue) NEAR/8 cat scratch~';
// Roman Urdu and Punjabi "want" (he or she, Urdu and Punjabi spellings).
const WANT_UR = '(chahta|chahti|chahte|chaunda|chaundi|chahunda|chahundi|chaahta|chaahti)';
// Drugs by the codes dealers post under (everyday words too: each is matched beside a seller's words only).
const DRUG_CODES =
  '(boost|snow|loud|carts|prerolls|pre rolls|xan bars|blues|m30s|percs|oxys|kush|zaza|wax|shatter|exotics|pressies|gas)';
// What a dealer posts beside them.
const SELLER =
  '(selling|hmu|restocked|in stock|on deck|for sale|dm for|pm for|hmu for|dm me|pm me|menu|top shelf|drops|delivering|delivery|crypto only|no meetups|vendor|not here)';
// The ordinary senses of those codes: games' boosting, music, snow days, petrol, bake sales.
const DRUG_CODES_HARMLESS =
  '(rank|ranked|elo boost|account|lobby|xp boost|double xp|level|carry|valorant|fortnite|call of duty|apex|rocket league|overwatch|fifa|skin|skins|music|song|album|speaker|snowboard|snowman|petrol|candles|crayons|cakes|cookies|sweets|merch|tickets|hoodies|car boot|golf|shopping|trolley|trolleys|go kart|printer|ink|nintendo|retro|gameboy|game boy|bake sale|fundraiser|school fair) NEAR/8 (boost|snow|loud|gas|wax|drops|menu|selling|carts)';
// Weapons in other words and spellings pupils use.
const WEAPON_SLANG =
  '(knife|blade|shank|nank|rambo|zombie knife|machete|ching|skeng|strap|burner|wap|borer|gun|pistol|glock|nife|knif|kinfe|knive|nives)';
// Peoples hate speech names that earlier rounds' group lists lack (they cover the rest).
const PEOPLES = '(roma|roma people|roma families|albanians|somalis|somalians|kurds|afghans|bangladeshis|nigerians)';
// What hate speech says they are, or says should be done to any group.
const HOSTILE_CLAIM =
  '(thieves|criminals|scum|rats|vermin|parasites|dirty|animals|beggars|should be forced out|should be kicked out|should be deported|should be sent back|go back)';
const EXPEL = '(forced out|kicked out|deported|sent back|thrown out|gassed|shot|wiped out|exterminated)';
// Where what is said of a group is reported or refuted.
const CLAIM_TAUGHT =
  '(myth|myths|stereotype|stereotypes|prejudice|not true|racist|racism|history|lesson|essay|holocaust|they said|people say|called us|called me)';
// Where hate speech is studied or refuted.
const HATE_TAUGHT =
  '(myth|myths|conspiracy theory|conspiracy theories|antisemitic|antisemitism|trope|tropes|false|not true|propaganda|holocaust|history lesson|history homework|lesson|essay|revision|debunk~|citizenship|pshe|why do people say|why do people think|stereotype|stereotypes|prejudice)';
// Groups and books of the far right and of accelerationists.
const FAR_RIGHT =
  '(patriot alternative|patriotic alternative|national action|sonnenkrieg|atomwaffen|british movement|homeland party|blood and honour|combat 18|generation identity|proud boys)';
const FAR_RIGHT_TEXTS =
  '(turner diaries|the turner diaries|james mason siege|siege by james mason|camp of the saints|the camp of the saints|industrial society and its future|unabomber manifesto|the great replacement|great replacement|white genocide|kalergi plan)';
// Calories a day, as a number a pupil names.
const CALORIES = '(100|150|200|250|300|350|400|450|500|600|700|800)';

export const round6: Record<string, Entry[]> = {
  suicide: [
    // Plans without a risk word: letters written, a day chosen, "before I go".
    [
      '(written|wrote|writing|write|finished|left) (letters|a letter|notes|a note|goodbye letters|my letters|my notes) (to|for) NEAR/10 ' +
        AFTER_WORDS,
      4,
      [LETTER_EX],
    ],
    [
      '(written|wrote|writing|finished) (letters|notes|goodbye letters) (to|for) (everyone|all of you|each of you|everyone i love|my whole family|the people i love)',
      4,
      [LETTER_EX],
    ],
    [
      '(letters|notes|goodbye letters|my letters|my notes) (are|have been|were) (written|done|finished|ready|sorted) NEAR/10 ' +
        AFTER_WORDS,
      4,
      [LETTER_EX],
    ],
    [
      '(i have chosen|i have picked|i have set|i chose|i picked|i set) (the date|a date|the day|my date|my day) NEAR/8 (letters|notes|goodbye|ready|sorted|planned|before i go|nobody knows|no one knows)',
      5,
      [
        '(party|sleepover|wedding|holiday|trip|prom|exam|test|appointment|launch|meet up|meetup|cinema|bake sale) NEAR/10 (date|day)',
      ],
    ],
    [
      '(i have decided|i decided|i have chosen|i chose|i have picked|i picked|i have set|i set) NEAR/3 (is the day|will be the day|is the night|will be the night|as the day|as the date|is when i go|is when i do it|is the end)',
      5,
      [
        '(is|will be) the (day|night) (we|you|they|for|of|to|when we|when you|that we)',
        '(party|sleepover|wedding|holiday|trip|match|game|prom night|for prom|date night|first date|sale|shopping|cinema|meet up|meetup|bake|exam|test|moving|move|haircut|appointment|launch|release) NEAR/10 (the day|the night|the date)',
      ],
    ],
    [
      'before i go NEAR/10 ' + PLAN_WORDS,
      4,
      [
        'before i go (to|out|home|on|back|into|in|away|shopping|for|off|abroad|travelling|upstairs|downstairs|swimming|running|bed|sleep|there|over|round|up|down|offline|afk|live|now|tonight|lol|haha)',
        '(holiday|trip|camp|exchange|university|college|abroad|army|move|moving|residential|hospital|operation|surgery) NEAR/10 before i go',
      ],
    ],
    // Searches for a height at night.
    [
      '(tallest|tall|highest|high) (bridge|bridges|building|car park|multi storey|cliff|cliffs|tower|flats|roof|rooftop) NEAR/10 (walk onto|get onto|get up|access|at night|no fence|no railings|unlocked|alone|without being seen|jump|fall from)',
      3,
      [
        '(world|europe|uk|britain|england|country|history|engineering|geography|homework|record|minecraft|lego|roblox|fortnite|parkour|skydiving|bungee|base jump|cliff diving|tombstoning|photo|photos|the view|views|sunset|fireworks) NEAR/10 (bridge|bridges|building|car park|multi storey|cliff|cliffs|tower|flats|roof|rooftop)',
      ],
    ],
    [
      'how (high|tall|far|many floors) (does|do|would|should) (a|the|you) (fall|drop|bridge|building|jump|floor|floors) NEAR/8 (to die|die|kill you|kill yourself|be fatal|be lethal|not survive|no one survives|guaranteed)',
      4,
      [
        '(physics|homework|science|egg drop|experiment|parachute|skydiving|a cat|cats|a dog|dogs|insects) NEAR/10 (fall|drop|jump)',
      ],
    ],
    // Searches: what happens to your body when you hang, drown or overdose.
    [
      'what happens [to your body|to the body|to you|to your brain|to a person|to someone] (if|when|after) NEAR/3 (you|someone|they|a person) (hang|drown|suffocate|poison|slit) (yourself|themselves|himself|herself|your wrists|their wrists)',
      4,
      [
        '(history|medieval|tudor|tudors|victorian|executions|execution|hanged for|crime drama|detective|film|book|novel|forensic|forensics|lifeguard|first aid|swimming lesson|water safety) NEAR/12 (hang|drown|overdose|suffocate|poison|bleed|slit|shoot|stab)',
      ],
    ],
    [
      'what happens [to your body|to the body|to you|to your brain|to a person|to someone] (if|when|after) NEAR/3 (you|someone|they|a person) (overdose|od|bleed out|take an overdose)',
      4,
      [
        '(history|crime drama|detective|film|book|novel|forensic|first aid|drug education|pshe) NEAR/12 (overdose|od|bleed)',
      ],
    ],
    // How many tablets it takes, said without "to die".
    [
      '(how many|how much) (paracetamol|paracetamols|paras|pills|tablets|painkillers|ibuprofen|sleeping pills|co codamol|codeine|aspirin|insulin|antidepressants|sertraline|nytol|tramadol) (it takes|does it take|would it take|will it take|would kill|will kill|kills|is too many|is too much|is lethal|is deadly|is fatal|until|till|before you die|before it)',
      4,
      [
        '(headache|period|cramps|a day|per day|safe to|safely|the dose|normal dose|dosage|my dog|the dog|my cat|the cat|the vet|fever|toothache|a cold|flu|kick in|to work|start working|wear off|leave your system) NEAR/8 (paracetamol|paracetamols|paras|pills|tablets|painkillers|ibuprofen|sleeping pills|co codamol|codeine|aspirin|insulin|antidepressants|sertraline|nytol|tramadol)',
      ],
    ],
    // Better off without me, said with "alive" or "here" in the negative.
    [
      '(better off|happier|easier|less stressed|relieved|be fine) NEAR/8 (if|when) i (was not|were not|was no longer|was never) (alive|here|around|born)',
      4,
      ['(was not|were not) (here|around) (for|to|at|on|when|during|last|yesterday|today)'],
    ],
    ['i (was not|were not|am not|was no longer|were no longer) alive (anymore|any more|no more)', 4],
    // Goodbyes said, being done, not seeing a future.
    [
      '(said|say|saying|sayin) my (goodbyes|last goodbyes|final goodbyes) NEAR/8 (tonight|tomorrow|i am done|done|ready|its time|for good|forever|last night)',
      4,
      [
        '(year 11s|year 11|leavers|prom|school|uni|university|holiday|trip|camp|moving|move|abroad|airport|exchange) NEAR/8 goodbyes',
      ],
    ],
    ['(i am|i feel) done (for good|with life|with living|with everything|with it all|being alive|with this world)', 4],
    [
      '(do not|cannot|can not|never) see myself (being alive|alive|making it to|surviving|reaching|getting to|still here|still being here) NEAR/3 (next year|much longer|18|16|my birthday|christmas|summer|the end of|another year|adulthood|adult)',
      4,
    ],
    // Which day, a note left to be found, the best place to jump.
    [
      '(which day|the day|what day|the date|when) (i am|i will be) (going to|gonna) do it',
      4,
      [
        '(homework|essay|project|revision|coursework|chores|test|exam|bake|painting|haircut|tattoo|piercing|dye|bungee|skydive|skydiving|presentation|audition) NEAR/10 do it',
      ],
    ],
    [
      '(left|leave|leaving|wrote|write|writing|hid|hidden) (a|my) (note|letter|notes|letters) NEAR/8 (to find|will find|would find|when i am gone|after i am gone|for when i am gone|after i go)',
      4,
      [
        '(treasure hunt|scavenger hunt|surprise|birthday|easter|santa|tooth fairy|advent|valentine|presents|clue|clues|hunt) NEAR/12 (note|letter|notes|letters)',
      ],
    ],
    [
      '(best|good|highest|easiest|quickest) (place|places|spot|spots|bridge|bridges|building|buildings) to jump (from|off)',
      4,
      [
        '(parkour|trampoline|cliff diving|tombstoning|swimming|into the water|into the sea|lake|the sea|pool|diving|skydiving|bungee|freerunning|bmx|skate|minecraft|fortnite|gta|game) NEAR/10 jump',
      ],
    ],
    // A bridge or a roof at night, or without railings.
    [
      '(bridge|bridges|car park|multi storey|cliff|cliffs|rooftop|roof) NEAR/5 (open at night|at night for walkers|access at night|get onto at night|walk onto at night|no railings|no fences|no barriers|without railings|without barriers)',
      3,
      [
        '(safety|council|complaint|dangerous for kids|petition|campaign|fix|repair|photos|lights|fireworks) NEAR/10 (railings|fences|barriers|at night)',
      ],
    ],
    // Roman Urdu and Punjabi.
    ['(zindagi|zindagee|jeevan) se (tang|thak|thaki|thaka|bezaar|pareshan|nafrat)', 4, [], 'ur'],
    ['(nahi|nai|nahin|ni|nhi) (jeena|jeena hai|jina|jina hai|rehna|rehna hai|jeena chahta|jeena chahti)', 4, [], 'ur'],
    ['(żeby|chcę|chce|muszę|pójdę|chciałabym|chciałbym) się (zabić|powiesić|otruć)', 5, [], 'pl'],
    ['(khudkushi|khudkhushi|khud kushi|khudkashi|khodkushi|khudkhushi)', 4, [], 'ur'],
    ['(marna|mar jana|mar jaana|mar jaun|mar jaon|mar jawan) NEAR/3 ' + WANT_UR, 5, [], 'ur'],
    [
      '(mujhe|mainu|menu|main|mai) (mar jana|mar jaana|marna|mar jaana hi) (chahiye|chaida|chahida|chahidaa)',
      5,
      [],
      'ur',
    ],
    ['(jeena|jina|jeene|jeen) (nahi|nai|nahin|ni|nhi) ' + WANT_UR, 5, [], 'ur'],
    [
      '(apni|apne aap ki|khud ki|apni hi) (jaan|zindagi) (le|lena|lelun|le lun|le loon|khatam|khatam kar|khatam karna)',
      5,
      [],
      'ur',
    ],
    ['(dil karta|dil kardaa|dil karda) (hai|ae|aa) NEAR/4 (mar|marna|mar jaun|khudkushi|khatam)', 5, [], 'ur'],
    // Welsh: it would be better if I died; I don't want to be here; I want to disappear.
    ['(taswn|petawn|pe bawn|baswn|swn|tasen) (i|in|in i) (marw|wedi marw)', 5, [], 'cy'],
    ['(well|gwell) NEAR/4 (taswn|petawn|pe bawn) (i|in) (marw|ddim yma|ddim yn fyw)', 5, [], 'cy'],
    ['(isio|eisiau|eisio|moyn|isie|eisie) (marw|diflannu am byth|lladd fy hun|rhoi diwedd arni)', 5, [], 'cy'],
    ['(ddim|dim) (isio|eisiau|eisio|moyn|isie|eisie) (byw|bod yma|bod yn fyw|deffro)', 5, [], 'cy'],
    // Polish: I want to die, to end it, I will not be here.
    [
      '(chcę|chciałabym|chciałbym|chce) (umrzeć|się zabić|zniknąć na zawsze|skończyć ze sobą|skończyć z tym wszystkim)',
      5,
      [],
      'pl',
    ],
    ['(skończyć|skończę|skonczyc|skończyła|skończył) ze sobą', 5, [], 'pl'],
    ['nie (chcę|chce) (już|juz) (żyć|tu być|się budzić)', 5, [], 'pl'],
  ],
  'self-harm': [
    // Cat scratches: the coded term, not a pet.
    [
      'cat scratch~',
      3,
      [
        '(my|our|the|a|his|her|their|your|neighbours|nans|grans|friends|kitten|pet|stray|mums|dads) cat (scratch|scratches|scratched|scratching)',
        CAT_HARMLESS,
      ],
    ],
    [
      'cat scratch~ (method|methods|again|relapse~|streak|clean|tw|update|urges|are getting|getting worse|deeper|on (my|her|his) (arm|arms|wrist|wrists|thigh|thighs|leg|legs|stomach|hips))',
      4,
      [CAT_HARMLESS],
    ],
    // s.h. and sh: the abbreviations.
    ['s h (update|updates|relapse~|streak|tw|kit|blade|blades|tonight|again|day 0|day zero)', 3],
    ['sh (relapse~|streak|tw|kit|blade|blades|day 0|day zero)', 3],
    [
      '(day 0|day zero|back to day 0|back to day one|back to day 1) NEAR/6 (s h|sh|self harm|cutting|clean|relapse~|tw)',
      3,
    ],
    // The thing with the razor; a blade out of a sharpener.
    [
      '(do|does|did|doing) (the thing|it|that thing|my thing) with NEAR/3 (razor|blade|blades|lighter|compass|scissors|sharpener|safety pin)',
      4,
      [
        '(shave|shaving|legs|beard|armpits|eyebrows|moustache|my hair|wax|waxing|in art|for art|art class|in dt|dt lesson|craft|crafts|cardboard|paper|model|homework|project|maths|geometry|circle|circles|candle|bbq|barbecue) NEAR/8 (razor|blade|blades|lighter|compass|scissors|sharpener|pin)',
      ],
    ],
    [
      '(get~|got|take~|took|break~|broke|unscrew~|pull~|pop~|popped) (the|a|my) (blade|blades) out NEAR/4 (sharpener|sharpeners|razor|razors|shaver)',
      4,
    ],
    // Scars from cutting; burning yourself with a tool; whether it leaves a mark.
    [
      '(scars|cuts|marks|wounds) from (cutting|self harm|self harming|harming|her blade|his blade|a blade|the blade|a razor|razors)',
      4,
      [
        '(scars|cuts|marks) from cutting (paper|wood|glass|card|cardboard|onions|vegetables|carrots|meat|bread|wire|the hedge|hedges|trees|metal|tiles|hair|grass)',
        INJURY_NEAR + ' NEAR/8 (cutting|harming)',
      ],
    ],
    [
      'burn~ (yourself|myself|herself|himself|themselves) (with|using) NEAR/3 (lighter|spoon|hot spoon|knife|coin|metal|cigarette|matches|eraser|rubber|hairdryer|hair dryer|key|nail|pen lid)',
      4,
      ['(accident|accidentally|by mistake|cooking|baking|oops) NEAR/6 burn~'],
    ],
    [
      '(cutting|burning|scratching|carving|branding) (yourself|myself|your arm|your wrist|your skin|your thigh|your legs|my arm|my wrist|my skin|my thigh|my legs) NEAR/8 (leave|scar|scars|mark|marks|heal|permanent)',
      4,
      [
        '(fence|glass|paper|accident|accidentally|fell off|fell over|tripped|bike|the dog|my dog|the cat|my cat|operation|surgery|shaving|cooking|kitchen|oven|kettle|the iron|an iron|straighteners|frying pan) NEAR/8 (cutting|burning|scratching)',
      ],
    ],
    // Buying blades in secret.
    [
      '(buy|get|order|getting|buying|ordering) (razor blades|blades|razors|a razor|a blade|scalpels|a scalpel|craft knife|stanley blades) NEAR/6 (without (a|my|your|their) (parent|parents|mum|dad|adult|mom)|without (my|your|their) (parents|mum|dad|mom) knowing|without id|without anyone knowing|no id|secretly|under 18|underage)',
      4,
    ],
    // Hiding a wound from a parent; where on the body.
    [
      '(cut|cuts|burn|burns|scar|scars|marks|bruises) NEAR/8 so (my mum|my dad|my parents|nobody|no one) (does not|do not|will not|can not) (notice|see|find out)',
      3,
      [
        '(tattoo|piercing|spots|acne|chickenpox|sunburn|fake tan|hickey|love bite|broke|broken|vase|the car|the pan|burnt the|burned the) NEAR/10 (notice|see|find out|know)',
      ],
    ],
    [
      '(cut|cutting|burn|burning) (on|into) (your|my) (stomach|thigh|thighs|hip|hips|wrist|wrists|arm|arms|legs|ankles|ribs)',
      3,
      [
        '(operation|surgery|c section|appendix|stitches|fell|paper|glass|fence|bike|football|rugby|accident|accidentally) NEAR/10 (cut|cutting|burn|burning)',
      ],
    ],
    ['(my|her|his) s h (is|has|keeps|getting|again|scars|cuts|marks|urges)', 3],
    // Roman Urdu and Punjabi: cutting myself, harming myself.
    [
      '(apne aap ko|khud ko|apne aap nu|khud nu|apne ap ko) (kaat|kaatna|kaatti|kaat rahi|kaat raha|kaatda|kaatdi|nuksaan|nuksan|zakhmi|cut|hurt|harm)',
      4,
      [],
      'ur',
    ],
    // Polish: się tnę, in either order and every person.
    [
      'się (tnę|tne|tniesz|tnie|tną|cięłam|ciełam|ciąłem|cialem|pocięłam|pociąłem|ciąć|pociąć|okaleczam|okaleczyłam|okaleczyłem)',
      4,
      [],
      'pl',
    ],
    ['(tniesz|tnie|tną|cięłam|ciąłem|pocięłam|pociąłem|okaleczam|okaleczyłam|okaleczyłem) się', 4, [], 'pl'],
    // Welsh: cutting, hurting or burning myself, in every form.
    [
      '(torri|brifo|niweidio|llosgi|anafu|thorri|frifo|niweidio) (fy hun|fy hunan|fy mraich|fy mreichiau|fy nghoesau)',
      4,
      [],
      'cy',
    ],
  ],
  bullying: [
    // Cruelty about a family: no wonder your dad left.
    [
      '(no wonder|thats why|that is why|explains why) (your|ya) (dad|mum|mom|parents|father|mother|boyfriend|girlfriend|friends|family) NEAR/3 (left|walked out|abandoned you|ran off|does not love you|does not want you|hates you|moved out|killed himself|killed herself)',
      3,
      [
        '(left|walked out|moved out) (early|late|for work|work|the house|at|to|on time|already|before|after|in a hurry|the party)',
      ],
    ],
    // A humiliating video posted to a story.
    [
      '(post|share|send|upload|airdrop|posted|shared|sent) the (vid|video|clip|pic|picture|photo) of (her|him|them) NEAR/6 (crying|naked|changing rooms|getting changed|throwing up|beaten|slapped|getting hit|in the shower|in the showers|in the toilets|wet himself|wet herself)',
      4,
      [
        '(birthday|bday|party|wedding|holiday|trip|prom night|match|concert|talent show|cute|proud|congrats|memories|graduation|goal|winning|dance|performance) NEAR/8 (vid|video|clip|pic|picture|photo)',
      ],
    ],
    // Rating the ugliest kid.
    [
      '(rate|rating|rank|ranking|vote|voting|poll|list|thread) NEAR/3 (ugliest|fattest|smelliest|weirdest|dumbest|most annoying|biggest loser|worst dressed|poorest|ugliest looking) (kid|kids|girl|girls|boy|boys|person|people|one|ones|student|students|in year|in our year|in class|in school)',
      3,
      [
        '(dog|dogs|cats|animal|animals|cars|building|buildings|costume|costumes|jumper|jumpers|shoes|pokemon|skins|character|characters|monster|monsters|creature|creatures|boss|bosses|mask|masks|halloween|baby photo|baby photos|drawing|drawings) NEAR/6 (ugliest|fattest|weirdest|dumbest)',
      ],
    ],
    // Turning everyone against someone.
    [
      '(make|making|get|getting) (everyone|everybody|the whole class|the whole year|people) [to] (hate|turn on|ignore|laugh at|gang up on) NEAR/2 (her|him|them|someone|somebody|the new kid|that kid)',
      3,
      [
        '(villain|character|story|novel|book|film|play|game|roleplay|rp|essay|macbeth|iago|othello) NEAR/10 (hate|turn on|ignore|laugh at|gang up on)',
      ],
    ],
    // The group agrees to shut someone out; nobody will ever love you.
    [
      '(everyone|everybody|the gc|the group|the whole class|the whole year|we all|all of us) NEAR/4 (agreed|decided|voted|going|planning) to (ignore|blank|exclude|ghost|freeze out|stop talking to|leave out) (her|him|them)',
      3,
    ],
    [
      '(no one|nobody|noone) (will|would|could) ever (love|like|want|date|fancy|marry) you',
      3,
      ['(song|lyrics|film|character|story) NEAR/8 ever (love|like|want)'],
    ],
    // A group chat named to hate someone; a photo defaced.
    [
      '(group chat|gc|page|account|server) (called|named) NEAR/3 (we hate|i hate|everyone hates|hate|ugly|fat|loser|smelly|kill)',
      3,
    ],
    [
      '(my|her|his) (photo|picture|face) NEAR/8 (with (fat|ugly|loser|slag|slut|freak|smelly|gay) written|written on it|drawn on it|scribbled on it)',
      3,
    ],
    // Roman Urdu: nobody likes you, get out of the school.
    [
      '(kisi ko|koi) (nahi|nai|nahin|ni) (pasand|pasand karta|pasand karti|chahta|chahti) (tu|tum|tujhe|tumhe)',
      3,
      [],
      'ur',
    ],
    ['(nikal ja|nikal jaa|dafa ho ja|dafa ho|mar ja|mar jaa) NEAR/4 (school|yahan se|idhar se|class|sab)', 3, [], 'ur'],
    // Polish: the class laughs at me, posts my photos with insulting captions, bullies me.
    ['(się ze mnie|ze mnie) (śmieje|śmieją|śmiali|śmiała|śmiał|nabija|nabijają|nabijali)', 3, [], 'pl'],
    ['(śmieją|śmieje|nabijają|nabija|śmiali) się ze mnie', 3, [], 'pl'],
    [
      '(obraźliwymi|obraźliwe|obraźliwych|wulgarnymi|wulgarne) (podpisami|podpisy|komentarzami|komentarze|wiadomościami|wiadomości|memami|memy)',
      3,
      [],
      'pl',
    ],
    ['(gnębią|prześladują|wyzywają|biją|dokuczają|obrażają|hejtują) mnie', 3, [], 'pl'],
    ['mnie (gnębią|prześladują|wyzywają|biją|dokuczają|obrażają|hejtują)', 3, [], 'pl'],
    // Welsh: they bully me, they say I am fat and ugly.
    ['(fy|yn fy) (mwlio|mhryfocio|mhoeni)', 3, [], 'cy'],
    ['(bwlio|pryfocio) (fi|i)', 3, [], 'cy'],
    ["fy mod (in|i yn|i'n) (dew|hyll|dwp|tew|ffiaidd|drewllyd)", 3, [], 'cy'],
  ],
  grooming: [
    // Turn on the webcam so I can see what you are wearing.
    [
      '(webcam|camera|cam|facetime|video call|vc) NEAR/10 (what (you are|your|ur) wearing|what are you wearing|show me your body|take (it|that|your top|your shirt|your clothes) off|just you and me|no one else|is anyone with you)',
      4,
      [
        '(costume|outfit|prom dress|for prom|party|cosplay|uniform|fancy dress|dress for|wedding|football kit|pe kit|shopping|haircut) NEAR/8 wearing',
      ],
    ],
    // Evading the game's or app's logs: let's move to Telegram, this game logs chats.
    [
      '(game|server|app|chat|site|platform|discord) (logs|records|monitors|reads|saves|tracks|screenshots|moderates|checks) NEAR/3 (chats|chat|messages|everything|what we say|dms)',
      4,
      [
        '(privacy|policy|terms of|settings|gdpr|data protection|bug|feature|update|patch|for safety|for your safety|keeps you safe|child safety|moderation|moderated|the rules|community guidelines|report button|safety team) NEAR/8 (logs|records|monitors|saves|tracks|moderates)',
      ],
    ],
    [
      '(move|switch|talk|chat|go|come) (to|on|over to|onto) (tele|telegram|wickr|signal|session|threema|kik|wire) NEAR/8 (secret|private|privately|nobody|no one|parents|mods|logs|safer|just us|hidden|deleted|disappearing)',
      3,
    ],
    // Gifts for "a little more", bought phones, secrets from parents.
    [
      '(buy|get|give|send) you [the|a|the new] (skin|skins|vbucks|robux|battle pass|gift card|gift cards|phone|vapes|money) NEAR/8 (show me|send me a picture|turn on your camera|be my girlfriend|keep it secret|our secret|a bit more|a little more|a lil more|more of you)',
      4,
    ],
    [
      '(bought|got|gave|buy|get|give|sent|sends) me (a|my own|a new|a second|a secret) (phone|sim|sim card|burner|second phone) NEAR/8 (in secret|secretly|so we could talk|so we can talk|so we could text|so we can text|nobody knows|no one knows|do not tell|hide it|hidden|without my parents|without my mum)',
      4,
      [
        '(my|our) (mum|dad|parents|nan|gran|grandma|grandad|auntie|aunt|uncle|brother|sister|stepdad|stepmum|carer|foster carer) NEAR/3 (bought|got|gave|buy|get|give|sent)',
        '(phone|sim) NEAR/4 for (christmas|xmas|my birthday|birthday|eid|diwali)',
      ],
    ],
    [
      '(video call|facetime|vc|call|cam) NEAR/6 (when my parents are out|when your parents are out|when no one is home|when nobody is home|when you are alone|when your mum is out|when my mum is out|while your parents are out)',
      4,
    ],
    [
      '(sends|sent|gives|gave|buys|bought|keeps sending|keeps buying) me (gift cards|robux|vbucks|money|presents|gifts|nitro|vapes|skins) NEAR/10 (not to tell|do not tell|secret|our chats|parents|older|he is|she is|says he|says she)',
      4,
    ],
    [
      '(keeps|kept|keep) (asking|telling|begging) me (not to|to not|never to) (tell|say|mention) NEAR/4 (parents|mum|dad|mom|anyone|anybody|friends|teacher|our chats|about us|about him|about her)',
      4,
    ],
    [
      '(parents|mum|dad|mom|family) would (ruin|spoil|wreck|stop|split|end) (everything|it|us|this|us up|it all) NEAR/4 (if|once|when) (they|she|he) (found out|knew|find out|know)',
      4,
      [
        '(surprise|party|birthday|christmas|xmas|anniversary|proposal|engagement|tattoo|piercing|grades|report card|detention) NEAR/10 (ruin|spoil|wreck)',
      ],
    ],
    [
      '(talk|chat|message|text|meet|speak) in secret',
      3,
      ['(santa|surprise|party|birthday|christmas|spy|spies|book club|novel) NEAR/8 in secret'],
    ],
    [
      '(made me|makes me|told me to|tells me to|asked me to|asks me to|wants me to) [promise to|swear to] delete (everything|our chats|the chats|his messages|the messages|our messages|it all|the pictures|our snaps)',
      4,
    ],
    // Polish: he told me not to tell anyone; a grown man from a game wants to meet.
    [
      '(żebym|zebym|żeby|abym|bym) (nikomu|rodzicom|mamie|tacie|nikomu o tym) (nie mówiła|nie mówił|nie mowila|nie mowil|nie powiedziała|nie powiedział|nic nie mówiła|nic nie mówił)',
      4,
      [],
      'pl',
    ],
    [
      '(ma|miał|on ma) (19|20|21|22|23|24|25|26|27|28|29|30|32|35|40|45|50) lat NEAR/12 (spotkać|spotkanie|spotkac|zdjęcia|zdjęcie|sekret|nikomu|rodzicom|spotkamy)',
      4,
      [],
      'pl',
    ],
    [
      '(poznałam|poznałem|poznalam|poznalem) (w grze|w internecie|w sieci|w necie|na discordzie|na fortnite|na robloxie|na tiktoku|na insta) (faceta|chłopaka|mężczyznę|pana|kolesia|typa)',
      3,
      [],
      'pl',
    ],
  ],
  drugs: [
    // Coded names beside a seller's words.
    [DRUG_CODES + ' NEAR/6 ' + SELLER, 3, [DRUG_CODES_HARMLESS]],
    // The plug's menu and prices.
    [
      '(plug|plugs|dealer|vendor) NEAR/6 (menu|prices|price list|in bio|restock~|dropped|drop)',
      3,
      [
        '(spark|socket|sockets|adapter|adaptor|charger|charging|wall|bath|sink|ear|usb|electric|power|three pin|3 pin) NEAR/4 (plug|plugs)',
      ],
    ],
    // A quantity of a coded name.
    [
      '(a q|a quarter|an eighth|a half|a zip|an oz|an ounce|a bag|a nine|a 9|a henny) of (loud|gas|za|zaza|kush|bud|green|weed|snow|white|ket|boost|charlie|mandy)',
      4,
      [
        'of (green|white) (beans|sugar|flour|rice|paint|peppers|sand|grapes|chocolate|tea|bread|apples|onions|olives|crayons|paper|card|pens)',
        'a half of (the|a) (loud|white|green|gas)',
      ],
    ],
    ['(purple drank|dirty sprite|sizzurp)', 3],
    // Lean: the recipe, the syrup, the sprite.
    [
      '(lean|purple drank|purple|drank|dirty sprite|sizzurp|syrup) (recipe|recipes|with promethazine|and sprite|with sprite|cup|cups|and jolly ranchers)',
      4,
      ['(purple|lean) (recipe|recipes) NEAR/6 (paint|dye|smoothie|cake|icing|protein|meat|beef|chicken|steak)'],
    ],
    [
      '(promethazine|codeine syrup|cough syrup|phenergan) NEAR/8 (sprite|lean|drank|purple|mix|jolly rancher|jolly ranchers|sip|sipping|get high|high)',
      4,
    ],
    ['(sip~|sippin|pour~|pourin|double cup|double cupped) NEAR/3 (lean|drank|purple|sizzurp|wok|act)', 3],
    ['(xan bars|xanny bars|x bars|green bars|white bars|school buses|pressies|pressed bars)', 3],
    [
      '(blue pills|blues|m30|m30s|percs|perc 30s|oxys|fent|fentanyl pills) NEAR/6 (pm me|dm me|hmu|snap me|message me|not here|inbox|got them|got some|selling|on me|for sale)',
      4,
    ],
    // Roman Urdu and Punjabi: charas, chitta, afeem; buying and selling.
    [
      '(charas|chitta|afeem|ganja|smack|heroin|powder|nasha) NEAR/6 (mil|milegi|mil jayegi|mil jaegi|chahiye|bech|bechta|bech raha|bechda|kharid|kharidna|le|lena|leni|pee|peena|peeni|maal|banda|wala)',
      4,
      [],
      'ur',
    ],
    ['(charas|chitta|afeem)', 3, [], 'ur'],
  ],
  weapons: [
    // Bringing or carrying a knife, however it is spelled.
    [
      '(bringing|bring|brought|bringin|carrying|carry|got|have|pack|packing) [a|my|me a] (nife|knif|kinfe|knive|nives|kniff|niff|nyfe)',
      4,
    ],
    [
      '(i am|i will be|i have been|been|started|going to start) (carrying|strapped|packing) NEAR/1 (from now on|every day|to school|for protection|just in case|everywhere|all the time)',
      4,
      [
        '(carrying|carry) (the team|my team|the squad|on my back|the game|my bag|bags|books|shopping|the baby|weight|extra weight|a lot|too much)',
        '(rucksack|backpack|inhaler|epipen|epi pen|water bottle|umbrella|charger|snacks|cash|card|money|lunch|insulin|spare) NEAR/6 (carrying|carry)',
      ],
    ],
    // A weapon in the waistband; pull up.
    [
      WEAPON_SLANG +
        ' NEAR/5 (in the waist|in my waist|on my waist|in my waistband|in the waistband|on my hip|in my sock|tucked|pull up then|pull up if|slide on|ride out|on the opps|for the opps|come see me)',
      4,
      [
        '(film|movie|sylvester|stallone|first blood|costume|cosplay|a prop|nerf|toy|airsoft|paintball|fortnite|call of duty|warzone|roblox|minecraft|gta|valorant|kitchen|butter|bread|cake|chef) NEAR/10 ' +
          WEAPON_SLANG,
      ],
    ],
    // "The ting": a weapon, beside pull up or school.
    ['(the|my|a) ting NEAR/6 (pull up|to school|to skl|in my waist|on me|for him|for the opps|slide)', 3],
    // Glorifying shooters.
    [
      '(school shooter|school shooters|mass shooter|mass shooters|school shooting|school shootings|mass shootings|shooters) NEAR/8 (ranked|ranking|rank|tier list|kill count|body count|high score|highscore|how many they killed|most kills|leaderboard|goat|goats|hero|heroes|legend|legends|saint|saints|based|idol|idols)',
      4,
      [
        '(prevent|prevention|lockdown drill|drills|lockdown|safety|gun control|gun laws|the law|debate|memorial|vigil|victims names|remember the victims|statistics on|gcse|essay|history|documentary|news) NEAR/10 (shooter|shooters|shooting|shootings)',
      ],
    ],
    // Roman Urdu and Punjabi: a knife or gun to school, maar dena.
    [
      '(chaaku|chaku|chakku|chhura|chhuri|bandook|banduk|pistaul|katta|tamancha|talwaar) NEAR/6 (school|le ke|leke|laa|la raha|lana|lau|aavanga|aaunga|launga|leyaunga|maar|maarna|maar dena|maar dunga|maar daalunga|kal|kal nu)',
      4,
      [],
      'ur',
    ],
    // Polish: I will bring a knife to school.
    [
      '(przyniosę|przyniose|przynieść|przyniesie|przynoszę|wezmę|biorę|mam przy sobie|noszę|nosze|zabiorę|zabiore) NEAR/4 (nóż|noża|nożem|nożyk|nożyka|scyzoryk|maczetę|maczeta|broń|pistolet|gnata|spluwę|kastet)',
      4,
      [],
      'pl',
    ],
    [
      '(nóż|noża|nożem|nożyk|maczetę|broń|pistolet|gnata|kastet) NEAR/4 (do szkoły|w szkole|na lekcje|na przerwie)',
      4,
      [],
      'pl',
    ],
    [
      '(nóż|noża|nożem|nożyk|maczetę|maczeta|broń|pistolet|gnata|kastet) NEAR/4 (w plecaku|w torbie|w kieszeni|przy sobie|do plecaka|do torby)',
      4,
      [
        '(kuchni|gotowania|techniki|obiad|kanapki|chleb|masło|owoce|jabłko|scyzoryk harcerski) NEAR/8 (nóż|noża|nożem|nożyk)',
      ],
      'pl',
    ],
    // Welsh: a knife to school.
    ['(cyllell|gyllell|chyllell|cyllyll) NEAR/6 (ysgol|yr ysgol|ir ysgol|fory|yfory|dod a|dod â|cario)', 4, [], 'cy'],
  ],
  'eating-disorders': [
    // Buddies and coaches for not eating.
    [
      '(skinny|ana|mia|fasting|fast|starving|starve|thinspo|pro ana|weight loss|wl|meanspo|ed|restricting) (buddy|buddies|coach|partner|pal|twin|bestie|accountability partner)',
      4,
      [
        '(ramadan|eid|suhoor|sehri|iftar|roza|rozay|for lent|yom kippur|fasting month|gym|lifting|running|bulking|cutting season) NEAR/10 (buddy|buddies|coach|partner|pal)',
        'fast (buddy|buddies|bowler|bowlers|car|cars|food)',
      ],
    ],
    [
      'ana (and|n|&) mia NEAR/6 (besties|bestie|best friends|bffs|coach|coaches|my friends|forever|lifestyle|journey|help me|tips|rules|guide me|proud)',
      4,
    ],
    // Zero-calorie challenges and thin by a date.
    [
      '(0|zero|no) (cal|cals|calorie|calories|kcal) (challenge|challenges|day|days|diet|week|goal|streak|weekend)',
      4,
      [
        '(drink|drinks|fizzy|coke|pepsi|lemonade|squash|sweetener|sweeteners|jelly|gum|spray|sauce|sauces|dressing) NEAR/4 (0|zero|no) (cal|cals|calorie|calories)',
        '(pshe|lesson|trend|trends|dangerous|dangers of|news|article|banned|reported|discussed|warning|worrying) NEAR/10 (challenge|challenges|diet)',
      ],
    ],
    [
      '(skinny|thin|thinner|skinnier|bony|ribs showing|thigh gap|collarbones) (for|4|by|before) (xmas|christmas|summer|prom|the holidays|holidays|my birthday|new year|the trip|the wedding)',
      3,
    ],
    // Lowest calories a day; down to a number of calories.
    [
      '(lowest|least|fewest|minimum|min|smallest) (amount of|number of) (calories|cals|food|kcal)',
      3,
      [
        '(dog|dogs|cat|cats|pet|hamster|rabbit|fish|diabetic|athlete|bulking|muscle|pregnant|baby|babies) NEAR/8 (calories|cals|food)',
      ],
    ],
    [
      '(lowest|least|fewest|minimum) (calories|cals|calorie|kcal) (you can|a person can|i can|a day|per day|to survive|to live|to function|without dying)',
      3,
    ],
    [
      '(down to|only eating|only eat|only ate|only had|living on|surviving on|limit myself to|limiting myself to|restricting to|restrict to|eating under|eat under|stay under|staying under) NEAR/2 ' +
        CALORIES +
        ' (calories|cals|kcal|cal)',
      3,
      [
        '(meal|meals|recipe|recipes|snack|snacks|ideas|dinners|lunches|breakfasts|burn~|burned|burnt|workout|run|walk|menu|food tech|pizza|burger) NEAR/6 ' +
          CALORIES +
          ' (calories|cals|kcal|cal)',
      ],
    ],
    // Not feeling hunger.
    [
      '(tips|ways|tricks|hacks|how) (to|for) (stop|not|avoid|suppress|ignore) (feeling|feel|being|getting|get) hungry',
      3,
      [HUNGRY_HARMLESS],
    ],
    [
      '(suppress|supress|kill|curb) (my|your) appetite',
      3,
      ['(medication|adhd|side effect|side effects|ill|poorly|sick|flu|covid) NEAR/8 appetite'],
    ],
    // Proud of skipping meals.
    [
      '(proud|strong|in control|accomplished) NEAR/4 (skip|skipped|skipping|skips) (lunch|breakfast|dinner|meals|a meal|every meal)',
      4,
      [
        '(football|training|match|detention|revision|club|rehearsal|queue|ramadan|fasting|roza|busy|running late|was late|forgot) NEAR/8 (skip|skipped|skipping|skips)',
      ],
    ],
    [
      '(chewing and spitting|chew and spit|chewed and spat|chew n spit|chewing n spitting|chewing and spitting out|chew and spit out) NEAR/3 (food|meals|dinner|lunch|weight|gain|calories|for weeks)',
      4,
      ['gum NEAR/4 (chewing|chew|chewed)'],
    ],
    // Roman Urdu and Punjabi, Welsh and Polish: I have not eaten for days; I want to be thin.
    ['(heb fwyta|heb fwyd|heb fwytar) (ers|am) (dau|tri|pedwar|dyddiau|diwrnod|ddiwrnod|wythnos|dydd)', 4, [], 'cy'],
    ['(isio|eisiau|eisio|moyn|isie|eisie) bod yn (denau|tenau|deneuach|fain|fainach)', 3, [], 'cy'],
    [
      'od (tygodnia|dwóch dni|trzech dni|kilku dni|paru dni|miesiąca|wczoraj|rana|poniedziałku) (nie jem|nic nie jem|nic nie jadłam|nic nie jadłem|głoduję|się głodzę)',
      4,
      [],
      'pl',
    ],
    [
      '(nie jem|nie jadłam|nie jadłem|nic nie jadłam|nic nie jadłem) od (tygodnia|dwóch dni|trzech dni|kilku dni|paru dni|miesiąca|wczoraj|rana)',
      4,
      [],
      'pl',
    ],
    [
      '(nie jem|nic nie jem|nie jadłam|nie jadłem|głodzę się) NEAR/6 (schudnąć|chudsza|chudszy|gruba|gruby|wagi|kilogramów|płaski brzuch|żebra)',
      4,
      [],
      'pl',
    ],
    [
      '(głodzę się|glodze sie|przestałam jeść|przestałem jeść|widoczne żebra|widać mi żebra|chcę mieć widoczne)',
      4,
      [],
      'pl',
    ],
    [
      '(khana|khaana) (nahi|nai|nahin|ni|nhi) (khaya|khaati|khaata|khana|khaunga|khaungi|khandi|khanda) NEAR/6 (patli|patla|mota|moti|weight|wazan|din se|dino se|hafte)',
      4,
      [],
      'ur',
    ],
  ],
  'sexual-content': [
    [
      '(send|sending|take|show|asks for|asking for|wants) (pictures|photos|a picture|a photo|selfies|videos) NEAR/3 (with no|without (my|your|her)) (top|shirt|clothes|bra|pants|knickers|underwear) [on]',
      4,
    ],
    [
      '(send|show|sending|take) me [a|some] (picture|pictures|photo|photos|selfie|selfies|video|videos) NEAR/4 (in|wearing) (your|just your|only your) (underwear|bra|pants|knickers|boxers|bikini|towel|swimsuit)',
      4,
    ],
    ['(h0rny|horny) (af|asf|rn|right now|tonight|who wants|hmu|dm me|snap me)', 3],
    [
      '(smut|lemon|nsfw|explicit|18 plus) (fanfic|fanfics|fic|fics|fanfiction|story|stories|roleplay|rp)',
      3,
      [
        '(report|reported|block|blocked|ban|banned|filter|filtered|warning|not allowed|rules) NEAR/8 (smut|nsfw|explicit)',
      ],
    ],
    [
      '(graphic|explicit|detailed) (sex|sexual) (scene|scenes|content|story|stories|writing|roleplay)',
      3,
      [
        '(film rating|bbfc|age rating|rated 15|rated 18|classification|parental guidance|trigger warning|content warning) NEAR/8 (sex|sexual)',
      ],
    ],
    [
      '(strip|stripping|naked|nude|sex|adult|live sex|live strip) (webcam|webcams|cam|cams|cam chat|cam chats|cam show|cam shows)',
      3,
    ],
    [
      '(webcam|cam|video) chat NEAR/6 (random strangers|strangers|randoms|no age verification|no age check|18 plus|adults only|no sign up)',
      3,
    ],
    [
      'sext~ NEAR/6 (without|caught|parents|secretly|tonight|him|her|someone|boyfriend|girlfriend|older|stranger|strangers|tips|how to|how do|with)',
      3,
      [
        '(lesson|pshe|rse lesson|assembly|awareness|leaflet|dangers of|the law on|illegal|worksheet|online safety) NEAR/8 sext~',
      ],
    ],
    // Polish: naked pictures.
    ['(nagie|nagich|nagą|nagiej) (zdjęcia|zdjęcie|zdjęć|fotki|fotkę|foty)', 3, [], 'pl'],
    ['(nudesy|nudesa|nudeski|nudy wysłał)', 3, [], 'pl'],
    // Welsh: naked pictures.
    ['(lluniau|llun|fideos|fideo) (noeth|noethlymun|rhywiol)', 3, [], 'cy'],
  ],
  hate: [
    // Conspiracies about Jews.
    [
      '(jews|jewish people|the jews|zionists|rothschilds|the rothschilds|globalists) (caused|cause|started|start|run|control|own|controls|runs|owns|are behind|were behind) (every|all|the|both|most) NEAR/3 (war|wars|media|banks|world|government|governments|hollywood|money|news|pandemic|covid)',
      4,
      [HATE_TAUGHT + ' NEAR/12 (jews|jewish people|zionists|rothschilds|globalists)'],
    ],
    // A people "all thieves" who "should be forced out".
    [PEOPLES + ' NEAR/6 ' + HOSTILE_CLAIM, 4, [CLAIM_TAUGHT + ' NEAR/12 ' + HOSTILE_CLAIM]],
    [
      '(muslims|jews|immigrants|migrants|refugees|gypsies|travellers|poles|polish people|romanians|eastern europeans|foreigners|asylum seekers|pakistanis|blacks|black people|gays|trans people) NEAR/6 should (all be|be|get) ' +
        EXPEL,
      4,
      [CLAIM_TAUGHT + ' NEAR/12 ' + EXPEL],
    ],
    // They steal our jobs.
    [
      '(they|immigrants|foreigners|migrants|polish people|poles|romanians|asylum seekers|refugees|pakistanis|muslims) NEAR/4 (steal|stealing|take|taking|took|stole) our (jobs|houses|homes|women|country|benefits)',
      3,
      [
        '(robots|ai|machines|automation|computers|aliens) NEAR/6 (steal|stealing|take|taking|took|stole)',
        CLAIM_TAUGHT + ' NEAR/12 our (jobs|houses|homes|women|country|benefits)',
      ],
    ],
    // 13/50 beside a reminder or a statistic.
    [
      '(13 50|13 52|1350|13 90|13 percent) NEAR/6 (reminder|remember|facts|fact|stats|statistic|statistics|fbi|crime|never forget|do the math|do the maths|despite|blacks|black people|they|them|these people|monkeys|monkey|apes|ape|noticing|notice)',
      4,
      [
        '(test|quiz|mock|exam|marks|mark|score|scored|got|points|percent on|homework|paper|spelling|out of|fraction|fractions|ratio|simplify) NEAR/8 (13 50|13 52|1350|13 90)',
      ],
    ],
    // Polish: immigrants are parasites; throw them out of the country.
    [
      '(imigranci|imigrantów|uchodźcy|uchodźców|muzułmanie|muzułmanów|żydzi|żydów|cyganie|cyganów|geje|gejów|ukraińcy|ukraińców|murzyni|murzynów|arabowie|arabów|obcokrajowcy) NEAR/5 (to pasożyty|pasożyty|to zwierzęta|zwierzęta|to śmiecie|śmiecie|brudasy|szczury|robactwo|wyrzucić|wyrzucic|wypierdalać|won z|precz|do gazu|do pieca|wynocha)',
      4,
      [],
      'pl',
    ],
  ],
  extremism: [
    // Violence as the only answer; taking up arms.
    [
      '(we|you|they|white men|patriots|brothers|real men|young men|everyone) (need|must|have|should|have got|got) [to] take up arms',
      5,
    ],
    [
      '(violence|war|a race war|armed struggle|bloodshed) is the only (solution|answer|way|option|language they understand) [left]',
      4,
      [
        TEACHING + ' NEAR/12 (violence|war|armed struggle)',
        '(history|revolution|civil war|gandhi|mandela|suffragettes|the ira|the troubles|ww1|ww2|world war|1914|1939|debate|discuss|do you agree) NEAR/12 (violence|war)',
      ],
    ],
    [
      'the only (solution|answer|way|option) [left] [is] (violence|war|to fight back|a race war|bloodshed|armed struggle)',
      4,
      [
        TEACHING + ' NEAR/12 (violence|war|armed struggle)',
        '(history|revolution|civil war|gandhi|mandela|suffragettes|the ira|the troubles|ww1|ww2|world war|1914|1939|debate|discuss|do you agree) NEAR/12 (violence|war)',
      ],
    ],
    // Far-right groups and their books.
    [
      FAR_RIGHT +
        ' NEAR/10 (recruiting|recruit|join|joining|meetups|meet up|message for|dm for|solidarity|our area|members|stickers)',
      4,
      [
        '(lesson|essay|news|documentary|banned|proscribed|terrorist|arrested|jailed|police|prevent|hope not hate|exposed) NEAR/12 (recruiting|recruit|join|joining|meetups|meet up|members|stickers)',
      ],
    ],
    [
      '(white solidarity|white unity|white brotherhood)',
      3,
      [TEACHING + ' NEAR/12 (solidarity|unity|brotherhood|club|clubs)'],
    ],
    [
      FAR_RIGHT_TEXTS,
      3,
      [
        TEACHING + ' NEAR/12 ' + FAR_RIGHT_TEXTS,
        '(banned|debunk~|conspiracy theory|myth|far right propaganda|why is|what is|hope not hate|prevent) NEAR/8 ' +
          FAR_RIGHT_TEXTS,
      ],
    ],
    [
      '(reading|read|finished|copy of|pdf of|recommend~|read~) (siege|mein kampf) NEAR/10 (makes sense|make sense|so true|agree|right about|opened my eyes|red pilled|redpilled|based|changed my life|everyone should)',
      4,
    ],
    // Accelerationism: ted pilled, the system must fall.
    ['(ted pilled|tedpilled|ted pill|uncle ted|saint ted|unabomber was right|ted was right)', 4],
    [
      '(ted k|ted kaczynski|kaczynski|the unabomber) (was right|is right|had a point|was a hero|is a hero|did nothing wrong)',
      4,
    ],
    [
      '(active club|active clubs) NEAR/8 (white|whites|europe|european|nationalist|nationalists|brotherhood|our race|our people|our blood)',
      3,
    ],
    [
      'accelerat~ NEAR/6 (the system|system must fall|collapse|race war|day x|day of the rope|siege|white|ted pilled|must fall|burn it down)',
      3,
      [
        '(particle|physics|science|the car|a car|cars|vehicle|engine|speed|velocity|learning|growth|climate|process|program|programme|course|gcse|university|development|invest~|startup|startups) NEAR/8 accelerat~',
      ],
    ],
    [
      'the system (must|has to|needs to|will) (fall|burn|collapse|be destroyed|be torn down|come down)',
      3,
      [
        TEACHING + ' NEAR/12 system',
        '(immune|solar|digital|operating|computer|school|nervous|heating|filing|points|game|ranking|queue|matchmaking|education|exam|grading|care|nhs|banking|benefit|benefits) system',
      ],
    ],
    // Nazi symbols as a profile picture.
    [
      '(totenkopf|sonnenrad|black sun|wolfsangel|ss bolts|ss runes)',
      3,
      [
        '(history|ww2|world war|museum|hussars|prussian|panzer|documentary|lesson|essay|revision|tattoo removal|banned|hate symbol|hate symbols|symbol guide|what does) NEAR/10 (totenkopf|sonnenrad|black sun|wolfsangel|ss bolts|ss runes)',
      ],
    ],
    [
      '(88|1488|14 88|14 words) NEAR/4 (pfp|gang|brothers|aesthetic|totenkopf|sonnenrad|black sun|heil|lads|boys)',
      3,
      [
        '(mph|km|kmh|kg|cm|points|score|scored|percent|miles|degrees|page|pages|number|jersey|shirt|football|fifa|rating|rated|ovr|overall|keys|piano) NEAR/4 (88|1488)',
      ],
    ],
    // Welsh: race war.
    ['rhyfel (hil|hiliol)', 4, [], 'cy'],
  ],
};

// What a lesson says groomers do, in general: "groomers often ask children to move to a private app".
const GROOMERS_GENERALLY =
  '(groomers|groomer|predators|predator|abusers|offenders|strangers|scammers) (often|usually|may|might|can|will|sometimes|typically|try to|tend to)';

/** Exceptions added to earlier rounds' rules (keyed by the rule's phrase as written there). */
export const round6Exceptions = new RoundExceptions({
  // "bro just suicided into the storm lmao what a bot": a game's death, not a person's.
  '(unalive|sewerslide|suicided)': [
    '(suicided|suicides) NEAR/6 (the storm|lava|the void|the zone|what a bot|bots|lobby|the map|a nade|nades|grenade|c4|respawn|gulag|kill feed|killfeed|fortnite|apex|warzone|call of duty|minecraft|roblox|valorant|overwatch|ranked|squad|this round|next round|the round|the enemy|off the map|off the edge)',
  ],
  // "PSHE worksheet: list three warning signs that a friend might be thinking about suicide".
  suicide: [
    '(warning signs|signs that|signs of|risk factors|who you could tell|who could you tell|trusted adult|how to help a friend|how to support|support services|where to get help|prevention week|world suicide prevention day) NEAR/12 suicide',
  ],
  '(think|thinks|thinking|thought|dream~|daydream~|obsess~) about (dying|being dead|ending it|ending my life|killing myself|not being here|not existing|not waking up|my funeral|suicide)':
    [
      '(a friend|friends|someone|somebody|a person|people|a classmate|young people|they|a student|students|a pupil|pupils) (might|may|could|can|who might|who may) be (thinking|think) about (suicide|dying|being dead|ending it)',
    ],
  // "Wellbeing worksheet: what is self-harm, why might someone do it".
  'self harm~': [
    '(what is|what are|define|definition of|signs of|causes of|myths about|facts about|understanding|supporting someone who|how to support someone who|how to help someone who|why do people|why might someone|why do young people) (self harm|self harming|selfharm|self harms)',
  ],
  // "Online safety lesson: groomers often ask children to keep secrets or move to a private app".
  '(move|talk|chat) (to|on) (snapchat|telegram|kik|wickr|a private app|somewhere private)': [
    GROOMERS_GENERALLY + ' NEAR/10 (move|talk|chat) (to|on)',
  ],
  '(add me|message me|dm me|talk|chat|move to|download) NEAR/6 (more private|private app|where no one|no one can see|nobody can see|parents cannot see|parents can not see|disappearing messages|delete~ automatically|secret app)':
    [GROOMERS_GENERALLY + ' NEAR/12 (add me|message me|dm me|talk|chat|move to|download)'],
  // "County lines gangs exploiting children to move drugs, says Home Office report".
  'county lines': [
    'county lines NEAR/12 (says|said|warns|warned|according to|reveals|finds|found) [a|the] [new] (home office|police|nca|national crime agency|government|report|study|research|survey|minister|charity|nspcc|children s society|bbc)',
  ],
  // "RSE lesson: sharing nude images of under-18s is illegal".
  nude: [
    '(sharing|share|sending|send|taking|take|possessing|having|making|creating|forwarding) nude (images|pictures|photos|selfies|pics) of (under 18s|under eighteens|anyone under 18|children|minors|a child|someone under 18|people under 18|young people)',
  ],
  // "Ofcom's new rules force porn sites to check users' ages".
  'porn~': [
    'porn~ (sites|websites|site|website|companies|providers|industry|platforms) NEAR/6 (ofcom|ofcoms|online safety act|age verification|age checks|check ages|check users ages|check user ages|verify ages|verify age|regulator|regulators|legislation|crackdown|fined|new rules|new law)',
  ],
  // "burnt myself on the toastie maker": a kitchen burn.
  'burn~ myself': [
    'burn~ myself (on|with) (the|a|my|some|hot) (toastie maker|toaster|toastie|sandwich maker|hair straighteners|curling iron|curling wand|curlers|hob|stove|grill|bbq|barbecue|candle|hot glue|glue gun|soldering iron|tray|baking tray|frying pan|oil|hot chocolate|soup|tea|coffee|fire|bonfire|sparkler|sparklers|fireworks|radiator|exhaust|oven door|microwave|pizza|noodles|water)',
  ],
  // "the myth that jews control the banks": a lesson refuting the claim.
  'jews control': [
    '(myth|myths|conspiracy theory|conspiracy theories|antisemitic|antisemitism|trope|tropes|false|not true|propaganda|debunk~) NEAR/8 jews control',
  ],
  // "school shooting lockdown drill today in assembly": the drill, not the act.
  'school shoot~': [
    'school shooting (lockdown|drill|drills|safety|prevention|procedure|procedures|training|practice|policy)',
    '(lockdown|drill|drills|procedure|procedures) NEAR/6 school shooting',
    // "the school shooting in the film was hard to watch": a story, not a plan.
    '(film|movie|episode|series|documentary|book|novel|netflix|drama) NEAR/8 school shooting',
  ],
  // "meal ideas under 500 calories": a recipe search, not a limit.
  '(only|just|under|less than|no more than|eat|ate|eaten|had) (0|100|150|200|250|300|350|400|450|500|600|700|800|900|1000|zero) (calories|cals|kcal|cal)':
    [
      '(meal|meals|recipe|recipes|snack|snacks|ideas|dinners|lunches|breakfasts|menu|pizza|pizzas|burger|burgers|sandwich|sandwiches|protein bar|protein bars|cereal bars|drink|drinks|dessert|desserts) NEAR/4 (under|less than|no more than) ' +
        CALORIES +
        ' (calories|cals|kcal|cal)',
    ],
  // "how to stop feeling hungry between lunch and dinner": snacking, not starving.
  'how to (stop|not) (feel|feeling|being|get|getting) hungry': [HUNGRY_HARMLESS],
  // "post ur pics from the trip in the gc": sharing your own photos of a day out.
  '(leak|post|share|spread) (your|ur) (pictures|nudes|address|secrets|number)': [
    '(post|share) (your|ur) pictures (from|of) (the|our|your|ur|my|last) (trip|holiday|party|match|game|concert|prom|residential|day out|camp|wedding|weekend|night out|sports day|school trip|museum|show|festival)',
  ],
});
