import { RoundExceptions } from './roundExceptions.js';
import type { Entry } from './defaultLibrary.js';

/*
 * Round 5 of the starter library (2 Dec 2026), written from blind-6.tsv (231 search queries, essay drafts, revision
 * notes and diary lines by someone who had never seen the library), where rounds 1 to 4, written from chat, caught
 * 58.7 %. Each rule is a way of saying something in that register, with every pronoun, tense and noun of the kind,
 * not the line it was found on:
 *   - searches: how to, where to buy or get, is it normal, is it safe, how many or how much to die, what happens if
 *     you, methods that do not hurt, said of "yourself" (a search's you is the searcher);
 *   - third person and reported intent: my sister says she wants to end her life, he is cutting his arms, we told
 *     him to kill himself, my cousin deals and asked me to hold it;
 *   - essay and diary phrasing: I will not be here for my birthday, after I am gone give my things to, I agree with
 *     the shooter's manifesto (an essay is no excuse when the writer agrees);
 *   - coded and slang terms of the register: ctb, beans and styro, skelly, ugw, skeng, wet him up, kafir;
 *   - Welsh and Polish searches (how to kill oneself without pain, where to buy weed, how to stop eating).
 * Hard negatives were written beside them (corpus/pupil-messages.tsv, round 5): lessons, history, news, first aid,
 * health class, killing a process.
 *
 * The other tables live in defaultLibrary.ts and starterRound4.ts (other hands), so this module keeps its own word
 * lists. round5Exceptions adds exceptions to earlier rules that raised false
 * alarms (keyed by the rule's phrase as written there; starterRound5.test.ts checks that each key still names one).
 */

// Tablets a search names when it asks how many would kill.
const PILLS =
  '(paracetamol|paracetamols|paras|pills|tablets|painkillers|ibuprofen|sleeping pills|sleeping tablets|antidepressants|sertraline|co codamol|codeine|aspirin|insulin|nytol|meds|tramadol)';
// The start of a search or a question about doing it.
const HOW = '(how to|how do i|how do you|how can i|ways to|best way to)';
const BODY = '(arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|hip|hips|ankle|ankles)';
// Accidents and other reasons for a cut, a burn or a scar.
const INJURY_HARMLESS =
  '(cooking|oven|kettle|iron|pan|straighteners|paper|glass|fence|bush|thorn|accident|accidentally|football|rugby|fell|tripped|bike|dog|cat|operation|surgery|chickenpox|eczema|shaving|tattoo|hospital|sunburn)';
// Lessons, news and books: where a risk word is studied, not meant.
const STUDY =
  '(history|lesson|documentary|news|revision|essay on|essay about|coursework|gcse|homework|teacher|religious studies|citizenship|pshe|prevent|assembly|film|book|novel|world war|ww2|awareness|charity|worksheet)';
// A grown-up's age as a number (an adult in a relationship with a child).
const ADULT_NUM = '(19|20|21|22|23|24|25|26|27|28|29|30|32|35|40|45|50)';
const FAMILY =
  '(sister|sisters|brother|brothers|mum|mums|dad|dads|cousin|cousins|auntie|aunt|uncle|nan|gran|grandma|grandad|stepdad|step dad|parents|neighbour)';
// Weapons pupils search for by their slang, type or make.
const WEAPON_WORDS =
  '(gun|pistol|handgun|rifle|shotgun|firearm|glock|knife|blade|machete|zombie knife|flick knife|butterfly knife|switchblade|knuckle duster|taser|stun gun|pepper spray|crossbow|skeng|strap|shank|nank|burner|wap|borer|rambo|ching|blick)';
const TOY =
  '(nerf|water|toy|bb|airsoft|paintball|laser|paper|lego|wooden|cardboard|origami|minecraft|roblox|fortnite|cod|warzone|apex|gta|valorant|mm2|prop|cosplay|fake|glue|kitchen|bread|butter|chef|steak|food tech|cake)';
// Drug names a search for where to get one can be read by (not names or everyday words: charlie, molly, lean, crack).
const DRUG_SEARCH =
  '(weed|cannabis|marijuana|skunk|za|zaza|coke|cocaine|ket|ketamine|mdma|ecstasy|pingers|xans|xanax|lsd|shrooms|thc|carts|thc carts|edibles|heroin|zoots|spliffs|a zoot|a spliff|pills|dab pens)';
// The ordinary senses of a drug's street name.
const DRUG_HARMLESS =
  '(coke zero|diet coke|coca cola|cherry coke|can of coke|weed killer|weedkiller|spices|garden|gardening|headache|period|hay fever|pharmacy|boots|chemist|doctor|prescription|vitamin|vitamins|the pill|mario kart|go kart|golf|printer)';
// Groups hate speech is aimed at: the commonest targets (round 1's GROUPS holds more; its rules cover them), short so
// that a rule whose other half is a long list too is split into few pieces.
const GROUPS_SHORT =
  '(muslims|jews|immigrants|migrants|refugees|gays|gay people|lesbians|trans people|black people|asians|pakistanis|travellers|gypsies|disabled people)';
// What hate speech says a group is or does, beyond round 1's list.
const HOSTILE_MORE =
  '(lazy|smelly|violent|mentally ill|paedos|pedos|groomers|less intelligent|dumber|liars|scroungers|dangerous|a threat|gross|unnatural|an abomination|a sin|destroying|stealing|thick|sick|the worst|cockroaches)';
// The whole list, for questions that presume it ("why are … ruining").
const HOSTILE =
  '(inferior|disgusting|freaks|terrorists|scum|animals|rats|vermin|criminals|rapists|dirty|evil|parasites|greedy|subhuman|ruining|taking over|invading|not human|worthless|stupid|thieves|lazy|smelly|violent|mentally ill|paedos|pedos|less intelligent|dumber|liars|scroungers|dangerous|gross|unnatural|destroying|stealing|sick|groomers|allowed here|even allowed|a problem)';
// Places online where an adult meets a child.
const ONLINE = '(roblox|fortnite|discord|tiktok|insta|snapchat|xbox|minecraft|omegle|a game|online)';
// Where what is said of a group is studied or refuted.
const HATE_STUDY =
  '(history|lesson|essay|revision|myth|myths|stereotype|stereotypes|prejudice|racism|racist|discrimination|not true|citizenship|pshe|homework)';

export const round5: Record<string, Entry[]> = {
  suicide: [
    // How many tablets would kill: searches and questions.
    [
      '(how many|how much|enough) ' +
        PILLS +
        ' NEAR/6 (overdose|od|to die|die from|kill you|kill me|kill yourself|kill myself|kill someone|kill a person|not wake up|lethal|fatal)',
      5,
      ['(safe|safely|a day|per day|in a day|for a headache|maximum dose|max dose|dog|cat|vet) NEAR/6 ' + PILLS],
    ],
    // A search said of "yourself": the searcher.
    [
      '(' +
        HOW.slice(1, -1) +
        '|is it (selfish|wrong|bad|a sin|painful) to|does it hurt to|what happens (if|when) you|should i|easiest way to|painless way to|painless ways to) (kill|unalive|hang|drown|poison|overdose|off) yourself',
      5,
      [
        '(euthanasia|assisted dying|terminally ill|religious studies|ethics|philosophy|romeo|juliet|macbeth) NEAR/12 yourself',
        '(game|minecraft|fortnite|roblox|sims|level|respawn|achievement) NEAR/8 yourself',
      ],
    ],
    [
      '(selfish|wrong|a sin|cowardly|weak) to (commit suicide|end your life|end your own life|take your own life|kill yourself)',
      4,
      [
        '(euthanasia|assisted dying|terminally ill|religious studies|ethics|philosophy|debate) NEAR/12 (selfish|wrong|sin)',
      ],
    ],
    // Dying without pain, in English and Polish.
    [
      '(die|dying|end it|end my life|kill myself|kill yourself|suicide|unalive myself|overdose) (without|with no) (it hurting|any pain|pain|hurting|feeling it|anyone knowing)',
      5,
    ],
    ['(jak|sposób|sposoby) [się] (zabić|powiesić|otruć|popełnić samobójstwo) [się] [bez bólu]', 5, [], 'pl'],
    ['(popełnić|popelnic) samobójstwo', 4, [], 'pl'],
    // Third person: what a sister, friend or brother says they want.
    [
      '(end~|take|takes|taking|took) (her|his|their) [own] life',
      4,
      [
        '(juliet|romeo|macbeth|ophelia|cleopatra|hitler|character|novel|play|story|book|film|poem|essay|history|shakespeare|queen|king|soldier|war|myth) NEAR/12 life',
        '(hospice|terminally ill|dignitas|euthanasia|assisted dying|cancer|dementia|switzerland) NEAR/10 life',
        '(took|take|taking) (her|his|their) life NEAR/3 (back|in (her|his|their) hands|savings|seriously)',
      ],
    ],
    [
      '(says|said|keeps saying|told me|texted|messaged|posted) [that] (she|he|they) (wants|wanted|is going|was going|is planning|plans|is ready) to NEAR/1 (end it|end it all|not be alive|not exist|disappear forever|not wake up)',
      5,
    ],
    [
      '(does not|did not|no longer) want to (be alive|live|exist|be here|wake up) [anymore|any more|no more]',
      5,
      ['want to live (in|at|on|near|with|abroad|there|here|somewhere|like)'],
    ],
    // Essay and diary: thinking about it, not being here for what is coming.
    [
      '(think|thinks|thinking|thought|dream~|daydream~|obsess~) about (dying|being dead|ending it|ending my life|killing myself|not being here|not existing|not waking up|my funeral|suicide)',
      4,
      [
        'dying (my|her|his|your|the|it) NEAR/3 (hair|fringe|roots|tips|hoodie|top|colour|pink|blue|red|purple|green|blonde|black)',
        STUDY + ' NEAR/10 (dying|death|suicide|funeral)',
        '(grandad|grandma|nan|gran|pet|dog|cat|hamster|fish|plant|phone|battery) NEAR/6 (dying|funeral)',
      ],
    ],
    [
      '(not|never|will not|might not|do not think i will|do not think ill|doubt i will|doubt ill) be (here|around|alive) NEAR/1 (for|by|at|to see) (my birthday|my 16th|my 18th|christmas|next year|the summer|results day|prom|new year|the end of the year|summer)',
      4,
      [
        '(holiday|away|abroad|trip|spain|flying|moving|visiting|staying|camp|dads|nans|mums|hospital|working|festival|tour) NEAR/10 be (here|around)',
      ],
    ],
    [
      '(when|once|after|if) i (am|have) (gone|dead|died|not here|no longer here) NEAR/8 (give|giving|have my|can have|gets my|get my|keep my|look after my|my stuff|my things|my room|my xbox|my phone|my cat|my dog|my clothes|my games)',
      4,
      ['i am gone (to|on|for|away|out|home|back|shopping|camping|abroad)'],
    ],
    [
      'reasons (to live|to stay alive|to keep living|to keep going|not to kill myself|to not kill myself|not to die|to carry on|not to end it)',
      3,
      [
        'reasons to live (in|at|on|near|with|abroad|there|here|somewhere|like|as)',
        'reasons to (keep going|carry on) (to|with|on|at)',
        '(matt haig|book|novel|review|author|read~) NEAR/10 reasons',
      ],
    ],
    // Coded: ctb (catch the bus).
    ['(ctb|catch~ the bus for good|catch~ the bus forever)', 4],
    // Is it normal to…: searches asking whether wanting to die is ordinary.
    [
      'is it normal to (want to die|think about dying|think about suicide|not want to live|not want to be alive|wish you were dead|want to kill yourself)',
      4,
    ],
    ['sut (i|mae) (ladd|lladd) (fy hun|dy hun|eich hun)', 5, [], 'cy'],
    // Round 5b (a second probe of other phrasings): poisons, heights, a plan and a date, bleeding out.
    [
      '(household|cleaning|bathroom|kitchen) (stuff|things|products|chemicals) NEAR/6 (kill you|kill me|kill yourself|to die|lethal|fatal)',
      4,
      [
        '(mix|mixing|safety|toddler|baby|child|children|pet|dog|cat|science|chemistry) NEAR/8 (stuff|things|products|chemicals)',
      ],
    ],
    [
      '(best|highest|tallest|which|good) (bridge|building|cliff|car park|multi storey|roof|tower) NEAR/6 (to jump off|to jump from|jump off|to die|fall from)',
      4,
      ['(sea|water|lake|river|pool|swimming|tombstoning|bungee|parkour|into the) NEAR/8 (jump|jump off)'],
    ],
    [
      '(have|got|made) a (plan|method) and a (date|time|place|note)',
      4,
      ['(party|trip|holiday|revision|meeting|wedding|project|business|essay) NEAR/8 (plan|date)'],
    ],
    [
      '(bleed~ out|bled out|bleeding out) NEAR/6 (how long|how fast|wrist|wrists|quick|quickly|painless|take to|would it)',
      4,
      ['(minecraft|game|fortnite|cod|warzone|character|zombie|film|episode|deer|animal) NEAR/10 (bleed|bled|bleeding)'],
    ],
    [
      '(dw i|dwi|rwy|rydw i) ddim (eisiau|isio|isho|moyn) (bod yma|bod yn fyw|byw) [ddim mwy|rhagor|mwyach]',
      5,
      [],
      'cy',
    ],
  ],
  'self-harm': [
    // Hiding, explaining and treating cuts in secret.
    [
      HOW + ' (explain|disguise|hide|cover) (cuts|scars|sh scars|self harm scars|fresh cuts|burns|cut marks)',
      4,
      ['(chickenpox|chicken pox|acne|surgery|operation|tattoo|stretch marks|sunburn) NEAR/8 (cuts|scars|burns)'],
    ],
    [
      '(clean|treat|heal|bandage|stitch|glue|close|stop|keep) (cuts|my cuts|deep cuts|the cuts|wounds|my wounds) NEAR/10 (without telling|without anyone|without my parents|without your parents|without my mum|without my dad|without your mum|so no one|so nobody|no one notices|nobody notices|secretly)',
      4,
    ],
    [
      '(excuse~|lie~|lies|explain~|explanation~|cover story|what to say|what do i say) (for|about|to explain) NEAR/3 (cuts|scars|marks|burns) (on|in) (my|your) (arm|arms|wrist|wrists|leg|legs|thigh|thighs|stomach)',
      4,
    ],
    // How deep: depth searches and the codes (beans, styro: the fat layer).
    [
      'how deep NEAR/6 (cut~|cutting)',
      4,
      [
        '(potatoes|potato|seeds|bulbs|plant|plants|hole|holes|wood|tree|steak|meat|onion|bread|cake|lino|foam|paper|tile|tiles|grass) NEAR/8 (cut|cutting|deep)',
      ],
    ],
    [
      'too deep NEAR/4 (cut~|cutting)',
      4,
      ['(wood|tree|hair|haircut|fringe|grass|hedge|steak|onion|neckline|dress|top) NEAR/6 (cut|cutting)'],
    ],
    [
      '(to|hit|hitting|reached|down to|as deep as|past|saw|see|seeing|seen|went to|got to) (beans|styro|styrofoam|the fat layer)',
      4,
      [
        'beans (on|and|with|in|from|for|recipe|toast|salad|chilli|curry|tin|tins|can)',
        '(baked|jelly|green|runner|coffee|cocoa|kidney|broad|heinz|mr|black|butter|magic|the) beans',
        'styrofoam (cup|cups|box|boxes|plate|plates|ball|balls|model|packaging|tray|project)',
      ],
    ],
    // Third person: what she or he does to her or his body.
    [
      '(cut~|cuttin|burn~|burnin|scratch~|slash~|carve~|carving) (her|his|their) NEAR/1 ' + BODY,
      4,
      [INJURY_HARMLESS + ' NEAR/8 (cut~|burn~|scratch~|slash~)'],
    ],
    // The blade of a sharpener or razor, with the spellings pupils search with.
    [
      '(get|getting|got|take|taking|took|remove|removing|pop|popping|break|breaking|unscrew~) (the|a) (blade|blades) (out of|from|off) NEAR/3 (sharpener|sharpner|sharpeners|sharpners|razor|razors|shaver)',
      5,
      ['(lawnmower|mower|blender|food processor|fan|printer|guillotine|hoover) NEAR/8 (blade|blades)'],
    ],
    ['(sharpner|sharpners|sharpenner) (blade|blades)', 4],
    [
      '(fresh|new|deep) cuts NEAR/8 (heal faster|without stitches|hide|cover|sleeves|so no one|so nobody|again)',
      3,
      ['(barber|barbers|haircut|hair|fade|trim|lawn|grass|budget|funding|film|edit|editing|meat|butcher) NEAR/8 cuts'],
    ],
    [
      '(stop|keep) (people|anyone|everyone|teachers|my parents|them) NEAR/2 (seeing|noticing) (my|the) (scars|cuts|marks|burns)',
      3,
      ['(chickenpox|chicken pox|acne|surgery|operation|tattoo|stretch) NEAR/6 (scars|marks)'],
    ],
    [
      '(what|which|best) (blade|blades|razor|razors) NEAR/4 (for cutting|to cut|cuts deepest|cuts deep|for sh|for self harm)',
      3,
      [
        'cutting (wood|paper|card|lino|fabric|vinyl|hair|grass|metal|plastic|tiles|foam|meat|veg|vegetables|cardboard|leather)',
        '(craft|stanley|lino|rotary|cricut|mower|saw|skate|skates|kitchen|chef) NEAR/6 (blade|blades)',
      ],
    ],
    // Searches said of "yourself", and the wish to hurt without it showing.
    [
      '(how to|ways to|best way to|is it normal to|is it bad to|want to|wanting to|urge to|urges to) (cut|hurt|harm|burn|punish) yourself',
      4,
      [
        '(cut|hurt|harm|burn) yourself NEAR/8 (shaving|cooking|accident|accidentally|kitchen|knife skills|food tech|football|pe|gym|training|lifting|oven|iron)',
        'cut yourself (a|an|some) (fringe|haircut|slice|piece|break)',
        '(do not|never|avoid|how not to|without) (cut|hurt|harm|burn) yourself',
      ],
    ],
    [
      '(hurt|cut|harm|burn) (myself|yourself) (but|and|without) NEAR/4 (not leave|no scars|leaving scars|leaving marks|leave marks|leave scars|anyone noticing|it showing)',
      4,
    ],
    [
      '(did it|do it|cut|cutting) (on|in) (my|the) (legs|thighs|hips|stomach|tummy|upper arms|ribs) NEAR/8 so (no one|nobody|pe|mum|my mum|my parents|people|teachers|anyone) (will not|cannot|does not|do not|would not|never)',
      4,
    ],
    // Polish and Welsh: hiding scars, how to cut oneself.
    ['(ukryć|ukryc|schować|zakryć|zakryc) (blizny|rany|cięcia|ciecia|ślady)', 4, [], 'pl'],
    ['jak się (ciąć|pociąć|okaleczyć)', 4, [], 'pl'],
    ['(cuddio|guddio) (creithiau|craith|toriadau)', 4, [], 'cy'],
  ],
  bullying: [
    // Searches for how to hurt someone socially.
    [
      'make (someones|somebodys|a persons|a kids|the new kids|that kids) life (hell|a living hell|miserable|a nightmare)',
      3,
    ],
    [
      '(how to|how do i|how can i|ways to|best way to|tips to) make (someone|somebody|a person|a kid|her|him|them|the new kid) NEAR/1 (cry|leave school|leave the school|leave your school|leave our school|move schools|hate themselves|hate herself|hate himself|feel worthless|feel ugly|kill themselves|kill herself|kill himself|want to die|have no friends)',
      3,
      [
        'cry (with|of|from) (happiness|joy|laughter|laughing)',
        '(speech|wedding|film|story|poem|song|eulogy|acting|drama) NEAR/8 cry',
      ],
    ],
    // Revenge on a bully, and the victim's own searches.
    [
      '(revenge|get back at|get even with|payback) NEAR/4 (a bully|bully|bullies|the bullies|my bully|someone who bullies|someone who bullied|people who bully|people who bullied)',
      3,
      ['(film|movie|book|novel|story|character|game|anime|series) NEAR/8 (revenge|bully|bullies)'],
    ],
    [
      '(what to do|what do i do|what should i do|how to cope|how to deal|how do i cope) (if|when) (everyone|everybody|people|nobody|they|my class|my form) NEAR/4 (hates you|hate you|hates me|hate me|bully you|bullies you|picks on you|laughs at you|ignores you|likes you|talks to you|hits you)',
      3,
      [
        '(new school|first day|new class|new form|moved school|starting secondary|starting year 7|new job|new club) NEAR/10 (what|how)',
      ],
    ],
    // Reported: what they told him to do, did to him, her or me.
    [
      '(told|tell|telling|tells|said to|saying to|keep telling|kept telling) (him|her|them|that kid|that girl|that boy|the new kid) NEAR/3 (kill himself|kill herself|kill themselves|kys|neck himself|neck herself|hang himself|hang herself|go die|just die|should die|go and die)',
      5,
    ],
    ['(flush~|shove~|dunk~|push~|stuck) (his|her|my|someones) head (in|down|into) NEAR/3 (toilet|toilets|loo)', 3],
    ['(getting|get|gets|got) (his|her|their|my) head flushed', 3],
    [
      '(spat|spit|spitting|spits|gobbed) (on|at) (me|him|her|them|us)',
      3,
      [
        '(llama|llamas|alpaca|camel|baby|toddler|snake|cobra|food|drink|water|gum|toothpaste|dentist) NEAR/8 (spat|spit|spitting|spits)',
      ],
    ],
    [
      '(called|calling|calls|call) me (a|an) (tramp|freak|loser|slag|slut|whore|bitch|retard|nerd|geek|weirdo|pig|cow|fatty|virgin|paedo|terrorist|paki|gypsy|lesbian|emo|skank|minger|munter|mong|spastic|rat|snitch|dog|whale|hippo|monkey|tranny|faggot|fag|bender|scrounger)',
      3,
      [
        '(game|fortnite|fifa|minecraft|roblox|uno|chess|nickname|lol|haha|jk|joking|as a joke) NEAR/6 (called|calling|calls|call) me',
      ],
    ],
    // Pictures edited or sent round to humiliate.
    [
      '(photoshop~|edit~|put|stuck|paste~) (my|her|his|their|someones) (face|head) NEAR/2 (pig|pigs|animal|dog|monkey|ape|porn|naked body|cow|whale|rat|hippo|gorilla|toilet)',
      3,
    ],
    [
      '(sent|posted|shared|spread|showed|airdropped|forwarded|screenshotted) (it|this|that|them|the picture|the photo|the video|the pic|the vid|the edit|my picture|my photo) NEAR/3 (the whole school|the whole year|everyone|everybody|the whole class|the year group|all of year|the whole form)',
      3,
      [
        '(homework|notes|answers|invite|invitation|party|news|event|poster|flyer|charity|form|petition|results|trip|holiday|birthday|certificate|award|match|concert|timetable|link) NEAR/10 (sent|posted|shared|spread|showed|airdropped|forwarded)',
      ],
    ],
    // Inciting a group against someone.
    [
      '(everyone|everybody|lets|let us|we should|all of you|you lot|yall|guys) [all] (say|post|write|comment|send|spam) NEAR/2 (mean|horrible|nasty|rude|hateful|cruel|disgusting) [things|stuff|comments|messages] (about|to|on|at|in)',
      3,
    ],
    [
      '(fat|ugly|stupid|dumb|thick|smelly|gay|little|dirty|ginger|specky|spotty|greasy) (fuck|fucker|bastard|prick|twat|dickhead|cunt|bellend|knob|wanker)',
      3,
    ],
    // Physical bullying reported in the third person.
    [
      '(gets|got|getting|keeps getting) (beaten up|jumped|battered|spat on|pushed around|kicked|punched|slapped|picked on) NEAR/6 (way home|at school|after school|lunch|break|toilets|corridor|bus|every day|nobody helps|no one helps|nobody does anything)',
      3,
      [
        '(football|rugby|match|game|fortnite|fifa|training|boxing|karate|judo|trampoline|ball|sport|dodgeball) NEAR/8 (kicked|punched|slapped|jumped|battered|beaten)',
      ],
    ],
    [
      '(throw|throwing|threw|chuck|chucking|chucked) (things|stuff|rubbish|food|water|rocks|stones|paper|pens|bottles) at (me|him|her) NEAR/6 (every|lesson|class|lunch|break|bus|always|again|school)',
      3,
    ],
    ['(stop talking to|ignore|freeze out|blank) (her|him|them) (until|till) (she|he|they) (moves|leaves|cries)', 3],
    // Round 5b: belongings taken and thrown, a fight filmed, making someone quit.
    [
      '(took|nicked|grabbed|stole|snatched) (my|his|her) (bag|phone|shoes|coat|lunch|pencil case|books|blazer) NEAR/1 and (threw|chucked|hid|broke|smashed|kicked|ripped|flushed|binned)',
      3,
    ],
    [
      '(jumped|beat up|beaten up|battered|punched|slapped|kicked|attacked) NEAR/6 (filmed it|filmed them|filmed him|filmed her|recorded it|videoed it|posted it|put it on)',
      3,
      [
        '(game|fortnite|fifa|football|rugby|boxing|trampoline|stunt|prank|skit|dance|parkour) NEAR/8 (jumped|kicked|punched|filmed)',
      ],
    ],
    [
      '(how to|ways to|how do i|how can i|best way to) make (someone|somebody|her|him|them) (quit|leave) (the team|the group|the club|the class|the chat|the gc|the friendship group)',
      3,
    ],
    ['(sut i|sut mae) (stopio|atal) (bwlio|cael fy mwlio)', 3, [], 'cy'],
  ],
  grooming: [
    // An adult's age beside a relationship.
    [
      ADULT_NUM +
        ' (year old|yr old|years old|yo) NEAR/8 (boyfriend|girlfriend|bf|gf|date|dating|go out with|be with me|relationship|in love|loves me|kiss|meet up|meet me|wants me|likes me|messaging me)',
      4,
      [
        FAMILY + ' NEAR/6 ' + ADULT_NUM,
        '(film|movie|book|show|character|teacher|footballer|singer|actor) NEAR/8 ' + ADULT_NUM,
      ],
    ],
    [
      '(date|dating|go out with|going out with|boyfriend|girlfriend|bf|gf|relationship with|get with|meet up with) NEAR/6 (who is|he is|she is|aged|is|is like|he is like) ' +
        ADULT_NUM,
      4,
      [FAMILY + ' NEAR/6 ' + ADULT_NUM],
    ],
    [
      'is it (normal|ok|okay|weird|wrong|allowed) for (a|an|my) (grown man|older man|older guy|adult|teacher|coach|tutor|stranger|man|guy) NEAR/10 (message|messaging|text|texting|snap|snapping|dm|kiss|hug|touch|date|meet|pick me up|buy me|like me|boyfriend|girlfriend)',
      3,
    ],
    [
      '(coach|teacher|tutor|youth worker|mums boyfriend|older man|grown man) (keeps|has been|is|always) (messaging|texting|snapping|calling) me NEAR/6 (late|at night|every night|midnight|privately|secretly|on snapchat|on snap|on insta|nobody knows|no one knows)',
      3,
    ],
    // Meeting someone from online, without parents knowing.
    [
      '(meet|meeting|meet up with|see|seeing) (someone|a guy|a man|a girl|a person|people|him|her|an online friend) NEAR/4 (met|talk to|talked to|chat to|game with|play with|know from) online',
      3,
      [
        '(never|do not|lesson|pshe|safety|dangers|danger|should you|advice|rules|assembly|awareness|safe) NEAR/8 (meet|meeting|met)',
      ],
    ],
    [
      'without (your|my) (parents|mum|dad|family|mum and dad|carers) (knowing|finding out|noticing|seeing) NEAR/10 (meet|meeting|met|boyfriend|girlfriend|bf|gf|online|older|guy|man|pictures|photos|flat|hotel|car)',
      3,
    ],
    [
      '(man|guy|someone) (i|we) (met|talk to|play with) (on|from) (roblox|fortnite|discord|tiktok|snapchat|a game|online) NEAR/10 (address|where i live|postcode|my school|meet|pick me up|send me|present|gift|pictures|pics|secret|hotel|flat)',
      4,
    ],
    // Proving love with pictures; threats if I tell; the cost of gifts.
    [
      'prove (i love|you love|my love|that i love|i trust|you trust|i care|i am mature|you are mature|i am not a kid) NEAR/8 (send~|sending|photos|pictures|pics|nudes|video|videos|meet|sex|cam|snap)',
      4,
    ],
    [
      'if (you|i) (loved|really loved|love|cared about|trusted) (me|him|her) (you|i|then) (would|will) NEAR/4 (send|show|do it|meet|take|video|sex|cam|strip|prove it)',
      4,
    ],
    [
      '(if|unless) (i|you) (tell|told) (anyone|anybody|someone|my parents|your parents|my mum|your mum|the police|a teacher) NEAR/10 (send|share|post|leak|show|expose) (my|your) (pics|pictures|photos|nudes|videos|snaps)',
      5,
    ],
    [
      '(he will|she will|hell|shell|he would|threatened to|says he will|said he would) (send|share|post|leak) my (pics|pictures|photos|nudes|videos|snaps) NEAR/6 (school|parents|mum|dad|family|everyone|friends|followers|online|everywhere|if i|unless|or else)',
      5,
      [
        '(holiday|birthday|wedding|baby|trip|christmas|nan|gran|grandma|prom|yearbook) NEAR/10 (pics|pictures|photos|videos)',
      ],
    ],
    [
      '(offer~|pay~|paid|give~|gave) (me|her|him) (money|cash|robux|vbucks|gift cards|skins|a tenner|quid) NEAR/6 (for|to send|if i send) (pictures|pics|photos|videos|feet pics|nudes|selfies|pictures of my feet)',
      4,
    ],
    ['pay (him|her|them) back (with|in) (pictures|pics|photos|nudes|videos|selfies|snaps)', 4],
    [
      '(feet pics|feet pictures|foot pics|pictures of my feet)',
      3,
      ['(shoe|shoes|trainers|injury|verruca|doctor|physio|broken|sprained) NEAR/8 feet'],
    ],
    [
      '(free|all the|loads of) (vapes|weed|lifts|stuff|presents|gifts|clothes|trainers|phone credit|drinks|alcohol|money) NEAR/10 (owe him|owe her|owe them|pay him back|pay them back|i owe|in debt|do something for him|return the favour)',
      4,
    ],
    [
      '(gifts|steam gifts|robux|vbucks|skins|gift cards|money|presents) NEAR/10 (asking for|asks for|asked for|wants|keeps asking for) my (snap|snapchat|number|insta|address|pictures|pics|socials|location)',
      3,
    ],
    // What an adult asks to be called; clothes off on camera; his flat or hotel.
    [
      '(call|calling|called) (him|her) (daddy|master|papa|mummy) NEAR/6 (wants|wanted|asked|asks|told|makes|made|likes|keeps)',
      3,
      ['(stepdad|step dad|new dad|adopt~|foster|baby|toddler|little sister|little brother) NEAR/8 (daddy|mummy|papa)'],
    ],
    [
      '(take|took|taking|takes) (my|your|her) (top|shirt|hoodie|jumper|clothes|bra|trousers|skirt|t shirt|dress|leggings|shorts|underwear) off NEAR/10 (cam|camera|webcam|facetime|video call|call|snap|live|for me|for him)',
      4,
    ],
    [
      '(pick me up|picks me up|take me back|takes me back|come back|go back|stay) NEAR/8 (his|her|their) (flat|hotel|hotel room|apartment)',
      3,
      [FAMILY + ' NEAR/10 (flat|hotel|apartment)'],
    ],
    [
      '(man|guy|bloke|someone|stranger|adult) (from|on) ' +
        ONLINE +
        ' NEAR/10 (hotel|his flat|his house|his car|his place)',
      4,
    ],
    [
      '(sugar daddy|sugar daddies|sugar mummy|sugar baby) NEAR/8 (for|under|16|15|14|13|year olds|teens|teen|kids|school|app)',
      4,
    ],
    // Round 5b: a private number and secrecy, money sent for videos back, someone online who says he is a child.
    [
      '(his|her|their|a) (personal|private|own|other) (number|snap|snapchat|phone number|account|insta|whatsapp) NEAR/10 (do not tell|not to tell|our secret|secret|delete|keep it)',
      4,
    ],
    [
      '(sends|sent|gives|gave|pays|paid) me (money|cash|robux|vbucks|gift cards|presents) NEAR/10 (wants (pictures|pics|photos|videos|nudes)|asks for (pictures|pics|photos|videos)|in return|videos back|pictures back|pics back)',
      4,
    ],
    [
      '(is|are|says he is|says she is|claims to be|said he was) (really|actually) (12|13|14|15|16|my age|a kid|a teenager) NEAR/6 (online|snap|discord|roblox|fortnite|tiktok|insta|how to tell|how do i know)',
      2,
    ],
  ],
  drugs: [
    // Searches for where and how to get drugs.
    [
      '(where to|where can i|how to|how do i|how can i|where do i|anyone know where to|who can|best place to) (buy|get|find|cop|order|score|get hold of) NEAR/3 ' +
        DRUG_SEARCH,
      3,
      [
        DRUG_HARMLESS,
        DRUG_HARMLESS + ' NEAR/8 (buy|get|find|cop|order|score)',
        STUDY + ' NEAR/10 (buy|get|find|cop|order|score)',
      ],
    ],
    [
      DRUG_SEARCH + ' (delivery|deliveries|dealer near me|near me|for sale|on snapchat|on snap|on telegram|menu)',
      3,
      [DRUG_HARMLESS, DRUG_HARMLESS + ' NEAR/8 ' + DRUG_SEARCH],
    ],
    // Drug tests and how long a drug stays in the body.
    ['(pass|passing|beat|cheat|fake|fool) (a|the|my|your) (drug test|drugs test|piss test|urine test|swab test)', 3],
    [
      '(how long|how many days) (does|do|will|can) (weed|thc|cannabis|coke|cocaine|ket|ketamine|mdma|ecstasy|lsd|shrooms|xanax|xans|heroin|spice) NEAR/3 (stay|stays|last|show up|be detected) in (your|my|the) (system|blood|urine|pee|hair)',
      3,
    ],
    // Someone who deals, and asked me to hold or move it.
    [
      '(my|his|her) (cousin|brother|sister|mate|friend|uncle|dad|mums boyfriend|neighbour|older brother|boyfriend) (deals|is dealing|shots|is shotting|sells drugs|sells weed|runs lines|is a dealer)',
      3,
      ['(deals|dealing) with'],
    ],
    [
      '(asked|asks|wants|wanted|makes|made|pays|paid|gets|got|told) me [to] (hold|keep|stash|hide|look after) NEAR/4 (stash|gear|drugs|weed|burner|stuff for him|stuff for them|things for him|his stuff in my|in my locker|under my bed|for the olders)',
      3,
    ],
    [
      '(run|running|ran|take|took|carry|drop|deliver) (a|the|his) (parcel|parcels|package|packages|bag|bags) NEAR/8 (another town|other town|different town|out of town|another city|country|quid|cash|grand|for them|for him|for money)',
      4,
      [
        '(amazon|post office|royal mail|nan|grandma|mum|dad|ebay|vinted|paper round|shopping|neighbour|charity|dpd|evri) NEAR/10 (parcel|parcels|package|packages|bag|bags)',
      ],
    ],
    // Polish and Welsh: where to buy weed, cocaine, mephedrone.
    [
      '(kupić|kupię|załatwić|ogarnąć|sprzedam|gdzie dostać|skąd wziąć) (trawkę|trawa|trawę|zioło|marihuanę|marihuana|kokę|kokainę|mefę|mefedron|dopalacze|ekstazy|mdma|grzybki|haszysz)',
      3,
      [],
      'pl',
    ],
    ['(prynu|gwerthu) (canabis|cocên|cyffuriau|ganja|mdma)', 3, [], 'cy'],
    [
      '(looking for|need|want|know) a (plug|dealer) (in|near|round)',
      3,
      ['(spark|electric|charger|socket|bath|sink|usb|car|card|poker|casino) NEAR/6 (plug|dealer)'],
    ],
  ],
  weapons: [
    // Home-made, printed and untraceable guns; how to make a weapon.
    [
      '(homemade|home made|diy|3d printed|3d print|3d printing|zip|improvised|makeshift|untraceable|ghost) (gun|guns|pistol|firearm|shotgun|rifle|taser|weapon|weapons|glock)',
      4,
      [TOY + ' NEAR/4 (gun|guns|pistol|weapon|weapons|taser)'],
    ],
    ['3d print~ (a|an|your own|my own|a working) (gun|pistol|firearm|rifle|weapon|glock|taser)', 4],
    [
      HOW +
        ' (make|build|3d print|print|craft) NEAR/3 (gun|pistol|firearm|rifle|shotgun|taser|stun gun|shank|shiv|flamethrower|zip gun|pipe gun|crossbow|knuckle duster|weapon)',
      4,
      [
        TOY + ' NEAR/6 (gun|pistol|taser|shank|shiv|crossbow|weapon)',
        '(game|minecraft|roblox|fortnite|terraria|skyrim|fallout|rust|zelda) NEAR/10 (make|build|craft)',
      ],
    ],
    // Where and how to get one, by its slang or make.
    [
      '(how to|where to|where can i|how can i|how do i|where do i|anyone know where to|tryna|who can|best place to) (get|buy|cop|find|order|source|get hold of) NEAR/3 ' +
        WEAPON_WORDS,
      4,
      [
        TOY + ' NEAR/8 (get|buy|cop|find|order|source)',
        '(game|skyrim|fallout|rust|pubg|loadout|map|level|chest|skin|zelda|elden ring) NEAR/10 (get|buy|cop|find|order|source)',
        'burner (phone|account|number|sim)',
        '(watch|bag|guitar|camera|phone|shoulder|chin|helmet|backpack|sandal|shoe|bra|dress) strap',
        '(skate|skates|ice|hockey|mower|lawnmower|fan|razor|shaver|grass|blender|food processor|smoothie|hoover) NEAR/6 (blade|blades)',
      ],
    ],
    [
      '(flick knife|flick knives|zombie knife|zombie knives|butterfly knife|butterfly knives|switchblade|switchblades|knuckle duster|knuckle dusters|machete|machetes|taser|tasers|stun gun|pepper spray|knife|knives|gun|guns) NEAR/4 (legal in the uk|legal uk|legal in england|legal to carry|legal to buy|no id|without id|under 18|underage|no age check|no questions asked)',
      4,
      [
        '(history|banned in|law|lesson|pshe|amnesty|knife crime|police|campaign|essay) NEAR/10 (knife|knives|gun|guns|machete|taser)',
        TOY + ' NEAR/4 (knife|gun)',
      ],
    ],
    // Taking a weapon in, and why.
    [
      '(taking|take|took|bringing|bring|brought|carry~|sneak~) NEAR/5 (knife|blade|gun|machete|knuckle duster|taser|screwdriver|hammer) (in|into school|to school|in tomorrow|for protection|to protect myself)',
      4,
      [
        TOY + ' NEAR/6 (knife|blade|gun|machete|taser|screwdriver|hammer)',
        '(knife|blade|gun|hammer|screwdriver) in (the|a|my|his|her|our) (drawer|kitchen|sink|block|dishwasher|toolbox|shed|garage|cupboard|lunchbox)',
        '(food tech|dt|cooking|baking|art|science|practice|training) NEAR/8 (knife|hammer|screwdriver)',
      ],
    ],
    [
      '(knife|blade|gun|machete|knuckle duster|taser|hammer|bat) NEAR/8 (so they leave me alone|so he leaves me alone|to scare them|to scare him|for protection|to protect myself|to defend myself|teach them a lesson|teach him a lesson)',
      4,
      [TOY + ' NEAR/6 (knife|blade|gun|hammer|bat)'],
    ],
    [
      '(hide|sneak~|smuggle~|get|carry) [a|the|my] (gun|knife|blade|machete|taser|skeng|weapon) NEAR/6 (past the metal detector|past security|through security|school bag|into school|in my blazer|in my locker|in my sock)',
      4,
      [
        TOY + ' NEAR/6 (gun|knife|blade|machete|taser|pistol|weapon)',
        '(food tech|kitchen|cooking|baking|dt) NEAR/10 (knife|blade)',
      ],
    ],
    // Threats of serious violence in the register.
    [
      '(smash~|kick~|stamp~|cave~|bash~|beat|punch~|knock~) (his|her|their|your|someones) NEAR/1 (head in|face in|skull in|teeth in|head open|skull open|teeth out)',
      4,
      [
        '(fifa|game|fortnite|cod|ufc|wwe|boxing|cricket|chess|uno) NEAR/8 (smash|kick|stamp|cave|bash|beat|punch|knock)',
      ],
    ],
    [
      '(wet|duppy|poke|juke|chef|cheff) (him|her|them|you|man|that guy) up',
      4,
      ['(water|hose|rain|pool|splash|water fight|water balloon|water gun) NEAR/6 (wet|poke)'],
    ],
    // Round 5b: buying a weapon at an age the law forbids.
    [
      '(buy|get|order|own|carry) [a|an] (crossbow|knife|machete|taser|air rifle|flick knife|zombie knife|butterfly knife|knuckle duster|pepper spray|stun gun|sword|katana) NEAR/3 (at 12|at 13|at 14|at 15|at 16|at 17|underage|as a kid)',
      3,
      ['(food tech|cooking|kitchen|chef|baking|knife skills) NEAR/8 (knife|buy|get)'],
    ],
  ],
  'eating-disorders': [
    // Losing weight by not eating; hiding it.
    [
      '(lose|losing|drop|dropping|lost) NEAR/4 (without eating|by not eating|by starving|not eating|without food|by skipping meals|by fasting|by only drinking water)',
      4,
      [
        '(ramadan|lent|religious|yom kippur|operation|surgery|illness|ill|sick bug|virus|tonsils) NEAR/10 (lose|losing|lost|drop)',
      ],
    ],
    [
      '(how to|how do i|how can i|ways to) (hide|cover up|disguise) (not eating|that i am not eating|my weight loss|weight loss|skipping meals|throwing up|purging|being sick|my eating)',
      4,
    ],
    ['(hide|hiding|cover up) my (weight loss|not eating|skipping meals|purging|eating disorder) (from|so)', 4],
    // Purging and fasting searches.
    [
      HOW +
        ' (throw up|be sick|make yourself sick|make myself sick|purge|vomit|puke) (after|without|quietly|silently|so no one|so nobody)',
      4,
      [
        '(ill|bug|virus|food poisoning|poisoning|motion sickness|car sick|sick bug|swallowed|poison|dog|cat|baby) NEAR/10 (throw up|sick|vomit|puke)',
      ],
    ],
    [
      'is it normal to (make yourself sick|throw up after eating|not eat for|starve yourself|skip meals to|feel guilty after eating|want to be thinner)',
      4,
    ],
    [
      '(trick|fool|cheat|suppress|supress|ignore|curb|numb|silence|stop) (my|your|the) (hunger|hunger pangs|appetite)',
      3,
      [
        '(world|global|child|children|africa|famine|poverty|charity|un|sdg|goal|zero|food bank|foodbank|end|ending|fight|fighting) NEAR/6 hunger',
      ],
    ],
    [
      '(zero|no|negative|0|low) (calorie|calories|cal|cals) (food|foods|snacks|meals) NEAR/8 (hunger|hungry|full|skinny|thin|lose weight|fast|starve|instead of|trick)',
      3,
    ],
    [
      '(food|foods|snacks|meals|things to eat) (with|that have) (zero|no|0) (calories|cals) NEAR/6 (hunger|hungry|full|skinny|thin|lose weight|fast|starve|instead of eating|trick)',
      3,
    ],
    // Laxatives and diet pills for weight.
    [
      '(laxatives|laxative|diet pills|slimming pills|fat burners|water pills|diuretics|dulcolax|senokot|senna) NEAR/6 (lose weight|weight loss|losing weight|thinner|skinny|flat stomach|kg|pounds|stone|how many|after eating|binge)',
      4,
      [
        '(constipation|constipated|ibs|doctor|prescribed|nurse|pharmacist|side effects|nhs|gp) NEAR/10 (laxatives|laxative|senokot|dulcolax|senna)',
      ],
    ],
    // Weight, BMI and goal-weight talk.
    [
      '(thin|skinny|small|light|low|underweight) enough NEAR/6 (bmi|weight|kg|kilos|stone|pounds|lbs|thighs|waist|am i|i am)',
      3,
      [
        '(ladder|plank|rope|ice|wall|pole|jeans|bike|cable|wire|branch|fence|shelf|pastry|crust|slice|dough|phone|laptop|board|sheet|wood) NEAR/6 enough',
      ],
    ],
    [
      'bmi (of|is|at|under|below|around|to) (11|12|13|14|15|16|17) NEAR/6 (enough|goal|target|want|get to|reach|aim|low|good|skinny|thin|better)',
      4,
      [
        '(doctor|nurse|nhs|gp|hospital|biology|science|lesson|homework|chart|calculate|calculator|worksheet) NEAR/10 bmi',
      ],
    ],
    ['(ugw|my gw|my cw|cw gw)', 3],
    // Round 5b: what a sister or friend does (weighing, eating almost nothing).
    [
      '(weighs|weighing|weighed) (herself|himself|themselves) NEAR/4 (every hour|times a day|after every meal|after she eats|after he eats|constantly|again and again|every morning and night)',
      3,
    ],
    [
      '(only|just) (eats|ate|has|had) (an apple|a cracker|one meal|a yoghurt|nothing|a banana|a rice cake|water) (a day|all day|a week|each day)',
      3,
      ['an apple a day keeps'],
    ],
    // Becoming skeletal; tiny amounts eaten that were too much.
    [
      '(get|getting|be|become|look|looking|want to be) (skelly|skeletal|skin and bones|like a skeleton|all bones)',
      4,
      [
        '(halloween|costume|dress up|fancy dress|science|biology|lesson|model|drawing|art) NEAR/8 (skeletal|skeleton|bones)',
      ],
    ],
    [
      '(an apple|half an apple|a cracker|a rice cake|a yoghurt|one biscuit|a banana|a carrot|half a sandwich|black coffee|a grape|a satsuma|a few crisps) NEAR/6 (way too much|too much|too many calories|so fat|disgusting|pig|tomorrow nothing|nothing tomorrow|less tomorrow|burn it off|purge)',
      3,
      [
        '(too much|so much) (sugar|homework|work|noise|money)',
        '(allergic|allergy|sick of|bored of) NEAR/6 (apple|banana|grape|yoghurt)',
      ],
    ],
    // Welsh and Polish: how to stop eating, starving myself, vomiting after eating, pro-ana.
    ['(sut i|isio|eisiau|rhaid i mi) (stopio|peidio) bwyta', 4, [], 'cy'],
    ['(llwgu fy hun|chwydu ar ôl bwyta)', 3, [], 'cy'],
    ['(jak|chcę|muszę) przestać jeść', 4, [], 'pl'],
    ['(głodzę|głodzić) się', 4, [], 'pl'],
    ['(wymiotować|wymiotuję|zwracam) po (jedzeniu|posiłku)', 4, [], 'pl'],
    ['(motylki|proana) (dieta|rady|porady|grupa|motywacja)', 4, [], 'pl'],
  ],
  'sexual-content': [
    [
      '(only fans|onlyfan|onlyfans) NEAR/6 (under 18|at 14|at 15|at 16|at 17|underage|how to make|how to start|how to get|leaks|leaked)',
      3,
    ],
    [
      '(porn|porno|xxx|nsfw|adult) (sites|site|websites|website|videos|apps) NEAR/6 (not blocked|unblocked|school wifi|on school|vpn|bypass|get round)',
      3,
    ],
    [
      '(naked|nude|nudes) (snap|snaps|pics|pictures|photos|videos|video) NEAR/8 (leaked|screenshot~|shared|posted|everyone|year 7|year 8|year 9|year 10|year 11)',
      4,
    ],
  ],
  hate: [
    // Questions that presume a group's guilt, and more of what is said of a group.
    [
      '(why are|are all|why are all) ' + GROUPS_SHORT + ' NEAR/3 ' + HOSTILE,
      3,
      [HATE_STUDY + ' NEAR/10 (why are|are all)'],
    ],
    [
      GROUPS_SHORT + ' (are|r) [all|just|so|always|literally] NEAR/1 ' + HOSTILE_MORE,
      3,
      [
        '(myth|myths|stereotype|stereotypes|prejudice|racism|racist|discrimination|not true|false|wrong to say|used to say|history lesson) NEAR/10 ' +
          HOSTILE_MORE,
      ],
    ],
    [
      '(fags|queers|dykes|poofs|poofters|homos|lezzas|lesbos|benders|batty boys) (are|r) NEAR/2 ' + HOSTILE,
      3,
      [
        '(fags|fag) NEAR/10 (smoke|smoking|smoker|smell|smells|lighter|cigarette|cigarettes|vape|packet|ash|ashtray|dad|mum|lungs|cancer|stink)',
      ],
    ],
    [
      GROUPS_SHORT +
        ' (should|must|need to|deserve to) [all] NEAR/1 (be banned|be kicked out|be locked up|be punished|not be allowed|be wiped out|be exterminated|be put in camps|be sterilised)',
      4,
      ['(people who|anyone who|those who|bullies|attackers|racists|homophobes|nazis) NEAR/8 should'],
    ],
    [
      '(being|is being) (gay|trans|lesbian|bi|bisexual|queer|homosexual|black|muslim|jewish|disabled|autistic) NEAR/1 (is|should be) [a|so|just|an] (sin|wrong|disgusting|unnatural|disease|mental illness|illegal|banned|evil|gross|sick|abomination|punished|cured)',
      3,
      [
        '(some|many|christians|muslims|religions|religious|church|bible|quran|believe|believes|argue|argues|view|views|teaching|teachings|debate|homophobic|not) NEAR/10 (sin|wrong|unnatural|abomination|illegal|disease|illness)',
      ],
    ],
    [
      '(homosexuality|being gay|being trans|gay people|trans people|gays) NEAR/10 should (be punished|be locked up|be killed|be shot|be stoned|be jailed|be banned|be cured|be executed|be illegal|not exist|die)',
      4,
      [
        '(people who|anyone who|those who|homophobes|homophobic|transphobes|bigots|attackers) NEAR/8 should',
        '(not|never|no longer) NEAR/3 (be punished|be illegal|be banned)',
      ],
    ],
    // Antisemitic conspiracy (as hate; the extremism rules hold the same ground).
    [
      '(jews|the jews|zionists|jewish people|rothschilds|the rothschilds|soros|globalists) (are behind|were behind|started|caused|control|run|own|profit from|planned|funded) NEAR/3 (wars|war|ww1|ww2|world war 2|world war two|the holocaust|everything|the world|the media|the banks|the government|hollywood|the news|money|9 11|covid|immigration)',
      4,
      [
        '(myth|myths|conspiracy theory|conspiracy theories|antisemitic|antisemitism|propaganda|nazis claimed|lies|false|lesson|essay on|history) NEAR/12 (control|run|own|behind|caused|started)',
      ],
    ],
    [
      '(they|them|those people|certain people|the elites) (control|controls|run|runs|own|owns) (the media|the banks|hollywood|the news|all the money)',
      2,
      [
        '(companies|company|corporations|murdoch|bbc|government|ofcom|billionaires|owners|ownership|media studies|essay|lesson|tech|google|newspapers) NEAR/10 (control|run|own)',
      ],
    ],
    // Supremacy.
    [
      '(white people|whites|the white race|white men|aryans|the aryan race|white british|english people) (are|r) NEAR/3 (superior|the master race|smarter than|more intelligent than|better than everyone|better than other races)',
      4,
      [
        '(nazis|hitler|nazi|believed|believe|ideology|propaganda|claimed|thought|eugenics|history|essay|lesson|myth|not) NEAR/10 (superior|master race|smarter|intelligent)',
      ],
    ],
    [
      '(master race|racially superior|genetically superior|inferior race|inferior races)',
      3,
      [
        '(nazis|hitler|nazi|believed|belief|ideology|propaganda|claimed|thought|eugenics|history|essay|lesson|myth|revision|ww2|holocaust) NEAR/12 (race|races|superior|inferior)',
      ],
    ],
    [
      '(china|chinese|kung|wuhan|chink) (virus|flu|plague)',
      3,
      ['(news|history|lesson|essay|said|racist to|racism|called it) NEAR/10 (virus|flu)'],
    ],
    [
      '(holocaust|the holocaust|the gas chambers) (never happened|did not happen|is a myth|was a myth|is fake|was fake|is made up|was made up|was a hoax|is not real|was not real)',
      4,
      ['(deniers|denial|people who say|claim that|claims that|myth that|lie that) NEAR/6 (holocaust|gas chambers)'],
    ],
    ['holohoax', 4],
    // Round 5b: whether a group should be allowed to exist, have children, live here.
    [
      'should ' +
        GROUPS_SHORT +
        ' NEAR/2 (be allowed to|have the right to) (have kids|have children|vote|live here|exist|live|be here|marry|breed)',
      3,
      ['(debate|essay|for and against|arguments|discuss|discussion|citizenship|re lesson|history|pshe) NEAR/10 should'],
    ],
  ],
  extremism: [
    // Searches for joining and recruiting.
    [
      '(how to|how do i|how can i|where to|want to|wanna|going to|ways to|where can i|i want to) (join|sign up for|sign up to|get into|become part of|become a member of|contact) NEAR/2 (the far right|far right|a far right group|a nazi group|the nazis|nazis|the kkk|kkk|the taliban|hamas|isis|daesh|al qaeda|national action|patriotic alternative|the bnp|britain first|the edl|the base|atomwaffen|a militia|a terrorist group|jihadis|the mujahideen|the caliphate|proud boys|national front|hezbollah)',
      4,
      [
        '(why do|why did|why people|how do people|how did|essay|lesson|citizenship|prevent|radicalisation|history|news|documentary|stop people) NEAR/10 (join|joining|sign up|contact)',
      ],
    ],
    [
      '(national action|patriotic alternative|britain first|atomwaffen|sonnenkrieg|national front|proud boys|kkk|far right|neo nazi|neo nazis|nazi|isis|daesh|al qaeda) NEAR/4 (recruitment|recruiting|recruiter|membership|sign up|application|chapter|discord|telegram|members wanted|stickers|meetup)',
      3,
      [
        STUDY + ' NEAR/12 (recruitment|recruiting|membership)',
        '(how did|why did|why do|how do|stop|stopping|prevent|preventing|warning|warns|banned|proscribed|arrested|jailed|convicted|police) NEAR/10 (recruitment|recruiting)',
      ],
    ],
    // Agreeing with an attacker: an essay is no excuse when the writer agrees.
    [
      'i (agree|agreed|totally agree|kind of agree|kinda agree|actually agree|partly agree|fully agree) with NEAR/5 (manifesto|shooter|shooters|tarrant|breivik|hitler|the nazis|isis|jihadis|terrorists|bomber|attacker|the great replacement|extremists|the taliban|elliot rodger|unabomber)',
      4,
      ['(do not|never|disagree|not|cannot|how could anyone) NEAR/3 agree'],
    ],
    [
      '(christchurch|buffalo|el paso|halle|utoya|columbine|parkland|uvalde) (shooters|killers|gunman|attackers) NEAR/6 (manifesto|video|livestream|stream|right|hero|heroes|legend|based|agree|inspired|download|watch)',
      4,
      [STUDY + ' NEAR/10 (manifesto|video|livestream|stream)'],
    ],
    // Watching and downloading attack material.
    [
      '(where to|how to|where can i|link to|link for|anyone got|anyone have|send me|who has|got a link) (watch|find|download|get|see|read) NEAR/4 (shooting video|attack video|beheading video|beheading videos|the livestream|manifesto|execution video|isis videos|massacre video|the christchurch video)',
      4,
      [
        STUDY + ' NEAR/10 (video|livestream|manifesto)',
        '(communist|labour|conservative|party|election|tory|green party|marx|school council|student council) NEAR/6 manifesto',
      ],
    ],
    // Bombs: recipes and instructions.
    [
      '(bomb|bombs|pipe bomb|nail bomb|explosive|explosives|ied|molotov|napalm|thermite|grenade|detonator) (recipe|recipes|instructions|tutorial|guide|ingredients|diagram|blueprint|manual)',
      5,
      [
        '(bath|seed|glitter|stink|smoke|water|cherry|chocolate|calorie|flavour|photo|hot chocolate|fizzy|confetti|sugar|cake|jelly|paint|colour) (bomb|bombs)',
        '(minecraft|game|fortnite|roblox|cod|terraria|tnt) NEAR/8 (bomb|bombs|explosive|explosives|grenade)',
      ],
    ],
    // Numbers and salutes.
    ['(88|1488|14 88|hh|sieg) NEAR/2 (heil|hail)', 3, ['(hail|heil) (mary|caesar|hydra|storm|stones|the king|king)']],
    ['heil (88|14|1488|victory|sieg|the fuhrer|fuhrer|white|hh)', 4],
  ],
};

/** Exceptions added to earlier rounds' rules (keyed by the rule's phrase as written in defaultLibrary.ts). */
export const round5Exceptions = new RoundExceptions({
  // "we got hammered 5 nil on saturday": beaten at a match, not drunk.
  'get~ (high|stoned|wasted|hammered)': [
    '(hammered|battered|thrashed) (1|2|3|4|5|6|7|8|9|10|one|two|three|four|five|six|seven|eight|nine|ten) (nil|0|1|2|3|4|5|one|two|three|nothing)',
    '(hammered|wasted) NEAR/6 (match|game|league|cup|final|semi final|points|goals|tournament|by them|away)',
  ],
  // "how to cover chickenpox scars with makeup": scars from an illness or an operation.
  '(hide|hiding|cover|covering|long sleeves) NEAR/6 (my cuts|my scars|my arms|my wrists|cuts|scars)': [
    '(chickenpox|chicken pox|acne|spot|spots|surgery|operation|c section|caesarean|tattoo|stretch|burn|vaccine|bcg) (scars|cuts)',
    '(scars|cuts) from (chickenpox|chicken pox|acne|surgery|an operation|my operation|the operation|a dog|the dog|a cat|the cat|an accident)',
  ],
  // "how did isis recruit young people citizenship essay": studied, not supported.
  '(islamic state|isis|daesh)': [
    '(how did|why did|why do|how do|essay|citizenship|prevent|radicalisation|radicalization|re lesson|pshe|revision|geography) NEAR/8 (islamic state|isis|daesh)',
  ],
  // The same, in round 1's broadened rule (DRUG_NAMES written out).
  '(buy~|sell~|cop~|get|got|getting|want|need|deal~|supply~|push~|shot~|shotting|grow~|smoke~|snort~|take|took|taking|tried|try) NEAR/3 (weed|cannabis|marijuana|cocaine|ketamine|mdma|ecstasy|pingers|xans|xanax|lsd|shrooms|magic mushrooms|thc|thc carts|thc vapes|zoot|zoots|spliff|spliffs|zaza|heroin)':
    ['weed (killer|killers|control|whacker|wacker|burner|puller|membrane|fabric|spray)'],
  // "we sent the video to everyone for her birthday": a celebration, not a humiliation.
  '(post~|share~|leak~|spread~|send~) (that|this|the|your|her|his) (video|picture|photo|videos|pictures|photos|screenshot|screenshots) NEAR/6 (everyone|everybody|the gc|the group chat|the group|insta|tiktok|snapchat|the whole school|the whole year|everywhere|my story|the school)':
    [
      '(birthday|bday|party|wedding|holiday|trip|prom|match|concert|show|cute|proud|congrats|congratulations|memories|graduation) NEAR/8 (video|picture|photo|videos|pictures|photos)',
    ],
  // "how to get the blade out of a blender", "how to make a paper gun": kitchen things and toys.
  '(where|how) (can i|do i|to|could i) (get|buy|find|make) NEAR/2 (gun|strap|firearm|pistol|shotgun|knife|blade|machete|bomb|taser)':
    [
      '(blender|food processor|mower|lawnmower|fan|hoover|printer|guillotine|skate|skates|razor|shaver|smoothie) NEAR/6 (blade|blades)',
      '(paper|lego|wooden|cardboard|origami|rubber band|elastic band|knex|balloon|snowball|water|nerf|toy|bath) (gun|guns|knife|bomb)',
      'bomb (cake|cakes|dessert|brownie|brownies|drink|drinks|pop|pops)',
    ],
  '(has|have|got|getting|get|give~|lend~|sell~|hold~|hid|hide~|hiding|keep~|kept|carry~|carrying|bring~|brought) NEAR/3 (gun|guns|strap|straps|shotgun|rifle|pistol|handgun|firearm|knife|knives|blade|blades|shank|shanks|nank|machete|zombie knife|flick knife|taser|knuckle duster|knuckle dusters|crossbow|axe)':
    [
      '(blender|food processor|mower|lawnmower|fan|hoover|printer|guillotine|skate|skates|razor|shaver|smoothie) NEAR/6 (blade|blades)',
    ],
  // "how to make a bomb cake": baking.
  'how to (make|build) a (bomb|pipe bomb|nail bomb|ied|explosive|detonator)': [
    'bomb (cake|cakes|dessert|brownie|brownies|drink|drinks|pop|pops)',
  ],
  '(bomb making|making a bomb|make a bomb|build a bomb|built a bomb)': [
    'bomb (cake|cakes|dessert|brownie|brownies|drink|drinks|pop|pops)',
  ],
  '(make~|build~|built) [a|an] (bomb|pipe bomb|nail bomb|molotov|explosive|explosives|gun|zip gun|pipe gun|3d printed gun)':
    [
      'bomb (cake|cakes|dessert|brownie|brownies|drink|drinks|pop|pops)',
      '(paper|lego|wooden|cardboard|origami|rubber band|elastic band|knex|balloon|snowball) gun',
    ],
  // "why did people join isis citizenship essay": the lesson, not the wish.
  '(join~|joining) (isis|isil|daesh|the caliphate|islamic state|the mujahideen|national action)': [
    '(why did|why do|why would|why people|how did|how do|essay|citizenship|prevent|radicalisation|radicalization|lesson|documentary|news|history|revision) NEAR/8 (join~|joining)',
  ],
  // "where to buy weed killer near me": the garden.
  '(buy~|sell~|cop~|get|got|getting) [some|any] (weed|bud|green|coke|ket|mandy|mdma|pills|xans|bars|lean|spice|thc carts|thc vapes|edibles)':
    [
      'weed (killer|killers|control|whacker|wacker|burner|puller|membrane|fabric|spray)',
      'green (paint|pen|pens|pencil|paper|card|top|shirt|team|tea|beans|peppers|screen)',
    ],
});
