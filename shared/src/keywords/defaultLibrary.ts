import { KeywordLibrary, type KeywordCategory, type KeywordPhraseInput } from './KeywordLibrary.js';
import { formCount, phraseError } from './phraseLanguage.js';
import { round4, round4Exceptions } from './starterRound4.js';
import { round5, round5Exceptions } from './starterRound5.js';
import { round6, round6Exceptions } from './starterRound6.js';

/*
 * Lookout's starter library, written by the project. It is a starting point, not a finished list: a school
 * should review it with its DSL and add phrases from expert sources. Good sources: the UK Safer Internet
 * Centre's appropriate filtering and monitoring guidance, the Internet Watch Foundation (IWF) keyword list
 * (available to members), Counter Terrorism Internet Referral Unit guidance, Samaritans and PAPYRUS for
 * suicide and self-harm language, Beat for eating disorders, and the school's own records of what pupils
 * actually write (slang changes quickly). Severity: 5 immediate risk to life, 4 serious harm, 3 concerning,
 * 2 worth a look, 1 context only. Only the commonest slurs are listed (hate, severity 2–3), so that the category
 * catches them at all: extend them from a vetted list.
 */

/** The starter library's ten categories, without building its rules (a CSV file names its categories by these). */
export const STARTER_KEYWORD_CATEGORIES: readonly KeywordCategory[] = [
  {
    id: 'suicide',
    name: 'Suicide',
    description: 'Intent, plans or thoughts of suicide. Act the same day: follow the safeguarding policy.',
    sensitive: false,
  },
  { id: 'self-harm', name: 'Self-harm', description: 'Self-injury, methods and concealment.', sensitive: false },
  {
    id: 'extremism',
    name: 'Radicalisation and extremism',
    description: 'Extremist ideology, recruitment and attack planning. Consider Prevent.',
    sensitive: false,
  },
  {
    id: 'grooming',
    name: 'Grooming and exploitation',
    description: 'Adults seeking contact, secrecy, gifts, requests for images, meeting up. Consider CEOP.',
    sensitive: true,
  },
  {
    id: 'sexual-content',
    name: 'Sexual content',
    description: 'Pornography and sexual material. Indecent images of children: report to the IWF.',
    sensitive: true,
  },
  {
    id: 'bullying',
    name: 'Bullying and abuse',
    description: 'Threats, humiliation, exclusion and abuse aimed at someone.',
    sensitive: false,
  },
  {
    id: 'weapons',
    name: 'Weapons and violence',
    description: 'Weapons, making them, and threats of violence.',
    sensitive: false,
  },
  {
    id: 'drugs',
    name: 'Drugs and alcohol',
    description: 'Buying, selling and using drugs; county lines.',
    sensitive: false,
  },
  { id: 'hate', name: 'Hate', description: 'Hostility towards people for who they are.', sensitive: false },
  {
    id: 'eating-disorders',
    name: 'Eating disorders',
    description: 'Pro-anorexia and pro-bulimia content and behaviour.',
    sensitive: false,
  },
];

export type Entry = [phrase: string, severity: 1 | 2 | 3 | 4 | 5, exceptions?: string[], language?: string];

/** A phrase's bracketed groups at the top level: where each starts and ends, and its alternatives. */
function topGroups(source: string): { start: number; end: number; alternatives: string[] }[] {
  const groups: { start: number; end: number; alternatives: string[] }[] = [];
  let depth = 0;
  let start = -1;
  let from = 0;
  let alternatives: string[] = [];
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '(' || ch === '[') {
      if (depth++ === 0) {
        start = i;
        from = i + 1;
        alternatives = [];
      }
    } else if (ch === ')' || ch === ']') {
      if (--depth === 0) {
        alternatives.push(source.slice(from, i));
        groups.push({ start, end: i, alternatives });
      }
    } else if (ch === '|' && depth === 1) {
      alternatives.push(source.slice(from, i));
      from = i + 1;
    }
  }
  return groups;
}

/**
 * A rule written with long word lists, as phrases the library format takes (at most 200 characters and 4,096
 * forms each): the longest list is halved until every phrase fits. The same words, matched the same way.
 */
function fit(source: string): string[] {
  const fits = source.length <= 200 && phraseError(source) === undefined && formCount(source) <= 4096;
  if (fits) return [source];
  const group = topGroups(source)
    .filter((g) => g.alternatives.length > 1)
    .sort((a, b) => b.alternatives.length - a.alternatives.length)[0];
  if (!group) return [source]; // cannot be split: the library's own check will name it
  const half = Math.ceil(group.alternatives.length / 2);
  const open = source[group.start];
  const close = source[group.end];
  return [group.alternatives.slice(0, half), group.alternatives.slice(half)].flatMap((part) =>
    fit(`${source.slice(0, group.start)}${open}${part.join('|')}${close}${source.slice(group.end + 1)}`),
  );
}

// The power ranger, not the slogan.
const WHITE_POWER_RANGER = 'white power NEAR/3 (ranger|rangers|morphin|up)';

/*
 * Word lists shared by the rules below (broadened after the blind sets of 2 Dec 2026: more inflections, more of
 * the register and slang, the same rule for every group or weapon rather than one phrase per example).
 */
// Drug names and street names that mean a drug wherever they stand.
const DRUG_NAMES =
  '(weed|cannabis|marijuana|cocaine|ketamine|mdma|ecstasy|pingers|xans|xanax|lsd|shrooms|magic mushrooms|thc|thc carts|thc vapes|zoot|zoots|spliff|spliffs|zaza|heroin)';
// Names of drugs that are also everyday words (a can of coke, a name, a spice, a picture file): only when bought,
// sold or taken.
const DRUG_ALSO_WORDS = '(coke|charlie|crack|ket|mandy|spice|skunk|pngs|nos|edibles|bud|green|bars|lean)';
// Street names that are also everyday words: only in a buying or taking context.
const DRUG_SLANG = '(bud|green|bars|lean|pills|gas|acid|tabs|molly|pack|a pack|a bag|a baggie|an eighth|a q|a henny)';
// Weapons (the nouns pupils use: a strap is a gun, a shank or nank a knife).
const WEAPON =
  '(gun|guns|strap|straps|shotgun|rifle|pistol|handgun|firearm|knife|knives|blade|blades|shank|shanks|nank|machete|zombie knife|flick knife|taser|knuckle duster|knuckle dusters|crossbow|axe)';
const TOY_WEAPON =
  '(nerf|water|glue|bb|airsoft|toy|paintball|laser|heat|staple|nail|cap|spud|potato|butter|bread|kitchen|chef|chefs|steak|pen|craft|stanley|swiss army|palette|plastic) (gun|guns|knife|knives|blade|blades)';
const WEAPON_CONTEXT_HARMLESS =
  '(clay pigeon|clay pigeons|clay shooting|shooting range|farm|farmer|licence|license|hunting|pheasant|pheasants|rabbits|cadets|knife crime|amnesty|illegal|law|assembly|lesson|pshe|police talk|history|museum|cooking|recipe|chopping|food tech|food technology|baking|cutlery|butter|bread|vegetables|fruit|fortnite|minecraft|roblox|cod|warzone|game|games|skin|loadout|gta|valorant|apex) NEAR/8 ' +
  WEAPON;
// Groups of people that hate speech is aimed at.
const GROUPS =
  '(muslims|jews|immigrants|migrants|refugees|asylum seekers|foreigners|gays|gay people|lesbians|trans people|black people|blacks|asians|pakistanis|indians|africans|arabs|chinese people|poles|polish people|romanians|eastern europeans|travellers|gypsies|disabled people|women|girls|trannies|pakis)';
const BODY = '(arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|hand|hands|hip|hips|ankle|ankles)';

// Contexts that make violent words harmless: games, computers, parents' idioms.
// Video games, then other games and sport (the board, the court, a quiz): two exceptions, each within 200 characters.
const GAMING = [
  'kill~ NEAR/8 (game|games|fortnite|minecraft|roblox|cod|warzone|apex|valorant|gta|level|boss|mob|mobs|zombies|round|squad|server|lobby|player|players|npc|kills|respawn)',
  'kill~ NEAR/8 (chess|uno|monopoly|fifa|mario kart|smash|cards|scrabble|pool|darts|tennis|badminton|ping pong|rematch|1v1|match|quiz)',
];
const COMPUTING =
  'kill~ [the|a|that|this|all] NEAR/3 (process|processes|task|tasks|app|program|terminal|server|switch|command|script)';
const PARENTS = '(mum|dad|parents|teacher|sir|miss|nan|gran|brother|sister|coach) NEAR/5 kill~ (you|me|us|him|her)';

const byCategory: Record<string, Entry[]> = {
  suicide: [
    ['kill myself', 5],
    ['(killing|killed|kills|killin) myself', 5],
    ['kms', 5, ['(run|ran|walk|walked|drive|drove|cycle|cycled|away|far|long|per hour|race|distance) NEAR/3 kms']],
    [
      'want to die',
      5,
      [
        '(do not|never) want to die',
        'want to die NEAR/4 (laughing|of embarrassment|game)',
        'die my (hair|fringe|eyebrows|hoodie|clothes|shoes|trainers)',
      ],
    ],
    [
      '(wanted|wants|wanting) to die',
      5,
      ['(do not|never) (wanted|wants) to die', 'to die NEAR/4 (laughing|of embarrassment|game)'],
    ],
    ['(wish|hope) i (was|were|am) (dead|never born)', 5],
    ['i (do not|never) want to (be alive|exist|wake up|carry on|go on) [anymore|any more]', 5],
    ['i do not want to (be here|live) (anymore|any more|no more)', 5],
    ['(do not|never) want to be alive', 5],
    ['(end~|ending) (it all|my life|my own life|everything)', 5],
    ['(going to|want to|will|about to) end it (tonight|today|this weekend|tomorrow|soon|now|for good)', 5],
    ['take~ my [own] life', 5],
    ['suicide (note|plan|letter)', 5],
    [
      '(how to|ways to|best way to|easiest way to|painless way to|quickest way to) (die|commit suicide|kill myself|end my life|end it)',
      5,
    ],
    ['(how many|enough) (pills|paracetamol|tablets|painkillers) to (die|overdose|kill myself|od|not wake up)', 5],
    [
      '(pills|paracetamol|tablets|painkillers) NEAR/5 (to die|to overdose|to od|to kill myself|to not wake up|to end it)',
      5,
    ],
    ['(overdose~|od) on (pills|paracetamol|tablets|painkillers|my meds)', 5],
    ['hang~ myself', 5],
    ['(jump~|throw~ myself) (off|from) (a|the) (bridge|building|roof|cliff|multi storey)', 5],
    ['(jump~|step~|throw~ myself) in front of (a|the) (train|bus|lorry|car)', 5],
    ['better off (dead|without me)', 4],
    [
      '(no|nothing|not one|not a single) (reason|point) (to|in|for) (live|living|being alive|stay alive|staying alive|carry on|carrying on|go on|going on|keep going|keep living|be here|being here|wake up|waking up)',
      4,
    ],
    ['nothing [left] to live for', 4],
    ['unalive~ myself', 5],
    ['(unalive|sewerslide|suicided)', 4],
    ['(i am|feeling|feel|been) suicidal', 4],
    ['suicidal (thoughts|feelings)', 4, ['suicidal thoughts NEAR/4 (awareness|leaflet|assembly|helpline|poster)']],
    [
      'suicide',
      3,
      [
        'suicide (squad|prevention|awareness|helpline|doors|door|sprints|sprint|drills|rate|rates|bomber|bombers|bombing)',
        '(samaritans|papyrus|childline|hopeline)',
        '(hitler|romeo|juliet|cleopatra|history|macbeth|character) NEAR/8 suicide',
      ],
    ],
    ['commit~ suicide', 4, ['(hitler|romeo|juliet|cleopatra|history|character|macbeth) NEAR/8 commit~ suicide']],
    ['i (should|might|could|want to) just die', 4, ['just die NEAR/3 (laughing|embarrassment|cringe)']],
    ['(no one|nobody) would (miss me|care if i (died|was gone|was dead))', 4],
    ['(hope|wish) i (do not|never) wake up', 5],
    ['(wrote|writing|written|write) (a|my) (goodbye|suicide) (note|letter)', 5],
    ['tried to (kill myself|end it|overdose|od|hang myself)', 5],
    ['(want~|going) to (disappear|sleep) (forever|and never wake up)', 4],
    ['this is (goodbye|my goodbye) NEAR/6 (everyone|forever|love you all|sorry)', 4],
    ['(sleep|go to sleep) and never wake up', 5],
    ['(do not|never) want to (live|be here) (anymore|any more|no more)', 5],
    ['if i (die|died|was gone|disappeared|killed myself) NEAR/5 (care|notice|miss me|cry)', 4],
    ['be gone by (tomorrow|tonight|the morning|monday|next week)', 4],
    [
      '(should|could|might|will|going to) just end it [all]',
      4,
      ['end it (with|between|off with) (him|her|them|my|us)'],
    ],
    ['(feel|felt|feeling) like dying', 4, ['dying NEAR/4 (laughing|embarrassment|cringe|of boredom|inside lol)']],
    ['want (it|everything) [all] to stop (forever|for good|permanently)', 4],
    ['(whats|what is) the point (of|in) (living|life|being alive|carrying on|going on|being here)', 4],
    [
      '(no|see no|do not see the|cannot see the) point (in|of) (living|being alive|life|carrying on|going on|being here)',
      4,
    ],
    [
      '(thinking of|thinking about|planning|plan to|going to|want to|ready to|about to) end~ (it|things|everything) [all]',
      4,
      [
        'end~ it (with|between|off with) (him|her|them|my|us)',
        'end~ it NEAR/4 (essay|story|conclusion|game|film|chapter|video)',
      ],
    ],
    ['life is not worth (living|it)', 4],
    [
      '(took|taken|take|swallowed|swallow) (loads of|a load of|all my|a bunch of|too many|lots of|a lot of|a whole box of|all the) (pills|tablets|paracetamol|painkillers)',
      5,
    ],
    ['want to be dead', 5],
    [
      '(happier|better|better off|easier) (if|when) i [just] (was|were|am|was not|were not|am not|did not|never) (dead|gone|here|around|exist|existed|born|alive)',
      4,
      ['(happier|better|easier) (if|when) i (was|were|am) here NEAR/6 (on time|early|earlier|sooner|with you|too)'],
    ],
    ['not going to be (here|around|alive) (much longer|for long|tomorrow|next week)', 4],
    [
      '(can not|cannot) (go on|carry on|live like this|take it anymore|take this anymore) NEAR/8 (die|dead|end|life|alive|anymore)',
      3,
    ],
    ['(want~|wish) (to disappear forever|to not exist|to stop existing|i did not exist|i never existed)', 4],
  ],
  'self-harm': [
    ['self harm~', 3, ['self harm NEAR/4 (awareness|leaflet|assembly|poster|pshe|lesson|week|charity|support group)']],
    ['selfharm~', 3],
    [
      'cut~ (myself|my (arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach))',
      4,
      ['cut~ myself (shaving|on|by accident|accidentally|with the|cooking)'],
    ],
    ['cutting again', 4],
    [
      '(started|start|back to|gone back to|went back to) cutting',
      4,
      ['cutting (the|out|paper|hair|card|grass|cake|it)'],
    ],
    ['relapse~ NEAR/3 (cutting|sh|self harm|selfharm|my cuts)', 4],
    ['sh relapse', 4],
    ['(did|done|doing|do) sh (again|last night|today|tonight)', 4],
    ['(hide|hiding|cover|covering|hid) (my|the) (cuts|scars|marks|wounds)', 4],
    ['(cuts|scars|marks) on my (arm|arms|wrist|wrists|leg|legs|thigh|thighs|stomach)', 4],
    ['slit my wrists', 5],
    ['(slit|slits|slitting) my wrist', 5],
    ['(slits|slitting) my wrists', 5],
    ['burn~ myself', 4, ['burn~ myself NEAR/4 (cooking|oven|kettle|iron|tea|straighteners|accident|accidentally|pan)']],
    [
      'hurt~ myself',
      4,
      [
        'hurt~ myself NEAR/6 (football|rugby|netball|pe|playing|fell|tripped|slipped|skateboard|bike|ankle|knee|training|accident|gym)',
      ],
    ],
    ['punish~ myself', 3],
    ['i deserve (pain|the pain|this pain|to hurt|to suffer|to bleed|to be hurt|to feel pain|the scars|every cut)', 4],
    ['(make~|made) myself bleed', 4],
    ['urge to (cut|self harm|hurt myself|bleed)', 4],
    ['(took|take|taking|get|got|getting) the blade~ out of (a|my|the) (sharpener|razor|pencil sharpener)', 5],
    ['(razor|blade|blades) NEAR/4 (my arm|my wrist|my thigh|my skin)', 4],
    ['scratch~ myself (till|until) (it bleeds|i bleed)', 4],
    ['(cat scratches|barcode) NEAR/3 (arm|arms|wrist|wrists|thigh|thighs)', 3],
    ['(clean|cleaning|bandage|bandaging) my (cuts|wounds)', 3],
    ['i (cut|have cut|been cutting|started cutting|am cutting) (again|so deep|too deep|last night|deeper)', 4],
    ['(want~|need|needing|urge|craving) to (cut|self harm|sh) (so bad|so badly|again|tonight|right now)', 4],
    [
      '(covered in|full of|so many|loads of) (cuts|scars) NEAR/4 (my|arm|arms|wrist|wrists|thigh|thighs|legs|stomach)',
      4,
    ],
    ['(arms|wrists|thighs|legs) (are|is) (covered in|full of) (cuts|scars)', 4],
    ['(hit~|punch~|bite|biting|bit|scratch~) myself (when|until|till|because|again|so hard)', 3],
  ],
  extremism: [
    ['how to (make|build) a (bomb|pipe bomb|nail bomb|ied|explosive|detonator)', 5],
    ['(pipe|nail|pressure cooker|car) bomb~', 5],
    ['(bomb making|making a bomb|make a bomb|build a bomb|built a bomb)', 5],
    ['martyrdom operation', 5],
    ['(join~|joining) (isis|isil|daesh|the caliphate|islamic state|the mujahideen|national action)', 5],
    [
      '(islamic state|isis|daesh)',
      3,
      [
        '(news|history|documentary|lesson|defeated|syria|iraq) NEAR/6 (islamic state|isis|daesh)',
        '(goddess|god|egypt|egyptian|osiris|horus|mythology|ancient|pharaoh) NEAR/6 isis',
      ],
    ],
    ['jihad', 2, ['jihad (in history|means|meaning)', '(re|religious studies|lesson|essay|definition) NEAR/6 jihad']],
    [
      '(kill|behead|slaughter|attack|destroy|wipe out|fight) [all] [the|of the|every] (kuffar|kafirs|kafir|infidels|infidel|apostates|crusaders|disbelievers|kuffs)',
      5,
    ],
    ['(kuffar|infidels|kafirs) (must|should|deserve to) die', 5],
    ['holy war against', 4],
    ['race war', 4],
    ['white genocide', 4],
    ['great replacement', 4],
    ['(fourteen|14) words', 4],
    ['1488', 4],
    ['sieg heil', 4],
    ['heil hitler', 4],
    ['national socialism', 3, ['national socialism NEAR/8 (history|lesson|essay|ww2|germany|1930s|exam|revision)']],
    ['(atomwaffen|sonnenkrieg|feuerkrieg|the base)', 4, ['the base NEAR/4 (of|layer|camp|coat|line|model|game)']],
    ['accelerationism', 3],
    ['saint tarrant', 5],
    ['(shooter~|killer~) manifesto', 4],
    ['lone wolf attack', 5],
    ['day of the rope', 5],
    ['(behead~|beheading) (him|her|them|the teacher|infidels)', 5],
    ['incel (rebellion|uprising|revolution)', 4],
    ['day of retribution', 4],
    ['(3d printed|ghost|homemade) gun', 4],
    ['anarchist cookbook', 4],
    ['(shoot~ up|attack~|bomb~) (the|my|our|this) school', 5],
    ['remigration', 3],
    ['(how to|make|making|build) (explosives|an explosive|a detonator|thermite)', 5],
    [
      '(isis|daesh|al qaeda|the taliban|hamas) (are|is|was|were) (right|heroes|good|based|doing gods work|doing allahs work|martyrs|brave|legends|doing the right thing)',
      4,
    ],
  ],
  grooming: [
    ['(our|a) little secret', 4],
    ['(it is|its|this is|keep it|this will be|that is) our secret', 4],
    ['do not tell (your|ur) (parents|mum|dad|family|teachers|teacher|carer|carers|foster parents|sister|brother)', 4],
    ['do not tell anyone (about us|about this|we talk|we are talking|we met|i messaged)', 4],
    [
      '(keep~|keeping) (this|it|us|our chats|our chat) (secret|a secret)',
      4,
      ['secret NEAR/8 (surprise|party|present|presents|gift|birthday|santa|christmas|answer|answers|quiz)'],
    ],
    [
      'do not tell (anyone|anybody|no one|your friends) about (us|this|our chats|our chat|our messages|what we do|what we talk about|me)',
      4,
    ],
    [
      '(money|cash|robux|vbucks|v bucks|gift card|gift cards|pay you|give you) NEAR/6 (send|show) [me] (pictures|picture|photos|nudes|videos|yourself)',
      5,
    ],
    ['not like other adults', 3],
    ['pick you up NEAR/8 (do not tell|our secret|keep it secret)', 5],
    ['video call NEAR/3 (in bed|naked|in the bath|in the shower|in your underwear|with no clothes)', 4],
    ['you can trust me NEAR/6 (secret|do not tell|your parents|other adults)', 3],
    ['(your|ur) parents (do not|will not|never) (need to|have to|will) know', 4],
    [
      'delete (this|the|our|these|your) (chat|chats|messages|convo|conversation|pictures)',
      3,
      ['delete (this|the) chat NEAR/6 (group|gc|spam|bot|old)'],
    ],
    [
      '(are you|you) (home alone|alone at home|on your own at home|by yourself at home)',
      4,
      [
        'home alone NEAR/8 (xbox|ps5|playstation|fortnite|minecraft|roblox|revise|revising|homework|film|movie|christmas|watch~)',
      ],
    ],
    ['(are you|you) [home]alone (right now|tonight|now)', 4],
    ['(are|is) (your|ur) (parents|mum|dad) (home|in|out|away|asleep)', 3],
    [
      'send~ me [a|some|more] (pictures|picture|photos|photo|selfies|selfie|videos|video|vids) NEAR/5 (body|bed|underwear|bra|naked|shower|bath|without|wearing|no clothes)',
      5,
    ],
    ['send~ [me] [your|some|a few|any] (nudes|noods|noodz|nudez|nudies|nude pictures|naked pictures|naked photos)', 5],
    ['show me (your|ur) (body|boobs|chest|bum|privates|tits|dick)', 5],
    ['take off (your|ur) (top|shirt|clothes|bra|trousers|pants)', 5],
    ['(meet~|meet up) (in secret|secretly|without telling)', 5],
    [
      '(i will|ill|i can|i could) (buy|get) you [a|an|some] [new] (phone|iphone|present|presents|gift|gifts|trainers|vape|vapes|money|clothes)',
      4,
    ],
    ['(so|very|really) mature for (your|ur) age', 4],
    ['mature for (your|ur) age', 4],
    ['age is just a number', 4],
    ['how old are you (really|actually)', 2],
    ['what (are you|you) wearing (right now|now|tonight|in bed)', 4],
    ['(no one|nobody) will (believe you|ever believe you)', 4],
    ['(move|talk|chat) (to|on) (snapchat|telegram|kik|wickr|a private app|somewhere private)', 2],
    ['(i will|ill|going to) (share|post|send|leak) (your|ur) (pictures|nudes|photos|videos|pics)', 5],
    ['pay [me]or i [will] (post|share|send|leak)', 5],
    ['sextortion', 5],
    ['webcam with me', 4],
    ['sugar daddy', 3],
    ['(i am|im) [a] (model|modelling) (scout|agent) NEAR/8 (pictures|photos|send)', 3],
    ['(come|stay) (to|at) my (flat|house|place|hotel) NEAR/6 (do not tell|secret|your parents|alone)', 5],
    ['(i will|ill|i can) pick you up (from|after|outside) school NEAR/8 (do not tell|secret|alone)', 5],
  ],
  'sexual-content': [
    ['porn~', 3, ['porn~ (addiction|awareness) NEAR/4 (help|support|lesson|pshe|leaflet)']],
    ['(pornhub|xvideos|xhamster|xnxx|redtube|youporn|brazzers|chaturbate)', 3],
    ['onlyfans', 2],
    ['nudes', 3],
    ['(nude|naked) (pictures|photos|selfies|videos)', 3],
    ['sex (video|videos|tape|chat|cam)', 3],
    ['sexting', 3, ['(lesson|pshe|assembly|talk|awareness|leaflet|dangers of) NEAR/6 sexting']],
    ['(hentai|rule 34)', 3],
    ['nsfw', 2],
    ['(milf|blowjob|handjob|creampie|gangbang)', 3],
    ['strip for me', 4],
    ['(child porn|cp links|jailbait|underage nudes|teen nudes|csam)', 5],
    ['(deepfake nudes|nudify|undress app|undress ai)', 5],
    ['(dick|cock|boob|tit) pic~', 4],
    ['(want to|let us|lets) (have sex|fuck|shag|hook up)', 3],
    ['(leaked|leak) (nudes|pictures of her|pictures of him)', 4],
  ],
  bullying: [
    ['nobody likes you', 3, ['nobody likes you NEAR/3 (more than|like i do|as much)']],
    // The same words as the phrase above (the register reads nobody as no one): kept for libraries and exception
    // proposals that name it; a text matching both is reported once, as the first.
    ['no one likes you', 3, ['no one likes you NEAR/3 (more than|like i do|as much)']],
    [
      '(no one|nobody) (wants|cares about|loves|would miss) you',
      3,
      ['(no one|nobody) (wants|cares about|loves) you NEAR/3 (more than|like i do|as much)'],
    ],
    ['everyone hates you', 3],
    ['(everybody|we all|the whole class|the whole year) (hates|hate|despises) you', 3],
    ['everyone despises you', 3],
    ['kill~ yourself', 5],
    ['kys', 5],
    ['(neck|rope|hang) yourself', 5],
    ['you should (die|kill yourself|not exist|not be alive|just disappear|end it)', 5],
    ['(go|just) (die|drink bleach|jump off a bridge)', 4, ['(go|just) die NEAR/4 (in a game|respawn|laughing)']],
    [
      '(you are|your|you) [so] (worthless|pathetic|disgusting|a waste of space|a freak|a loser|nothing|a joke)',
      3,
      [
        '(you are|your) nothing (like|without|to|but)',
        'loser NEAR/6 (game|uno|quiz|round|match|pays|buys|has to|of the|chess|cards)',
        '(pathetic|a joke|worthless|a loser|rubbish|trash|nothing) at',
      ],
    ],
    ['(you are|your) [so] (ugly|fat|fat pig)', 2],
    ['(beat|batter|smash|jump|bang|merk|punch|deck) (you|your face|your head) (up|in|after school|tomorrow)', 4],
    ['(wait~|waiting) for you after school', 4],
    ['watch your back', 3],
    ['we know where you live', 4],
    ['(leak|post|share|spread) (your|ur) (pictures|nudes|address|secrets|number)', 5],
    ['keep~ NEAR/3 (hate|hateful|horrible|nasty|mean|abusive|threatening) (messages|texts|comments|stuff|things)', 3],
    [
      '(hate|hateful|nasty|horrible|abusive|threatening) (messages|comments|texts) (every|all) (night|day|the time|week)',
      3,
    ],
    ['(i am|i have been|i keep getting|i get|i got) [being]bullied', 3],
    ['(group chat|gc|page|account) NEAR/4 (make fun of|hate on|roast|expose|mock) (her|him|them|you|me)', 3],
    ['(hate|exposing|expose) page', 3],
    [
      '(kick|kicked|exclude|excluded|remove|removed) (her|him|them|you) (from|out of) [the] (group|gc|group chat|chat)',
      2,
    ],
    ['(do not|nobody|no one) let (him|her|them) sit with (us|you)', 2],
    ['(slag|slut|whore|retard|spastic|spaz|skank)', 2],
    ['you have no friends', 3],
    ['ratio and die', 3],
    ['(go|just) die in a (hole|ditch)', 4],
    ['(you are|your) dead (tomorrow|if|when|after school|on monday|meat)', 4],
    ['go and die', 4, ['go and die NEAR/4 (game|respawn|level|fortnite|minecraft)']],
    ['(keep~|always) (calling|call) me (names|fat|ugly|gay|a slag|a loser|a freak|horrible names)', 3],
    [
      '(posted|post|posting|shared|sharing) (a|an) (video|picture|photo) of me NEAR/6 (laugh|laughing|mock|mocking|embarrass|everyone|group|without asking)',
      3,
    ],
    [
      '(everyone|everybody|they all|we all) (thinks|think) (you are|your) (a loser|a freak|ugly|weird|fat|worthless|a joke|disgusting)',
      3,
    ],
    ['(we|they) all hate (you|her|him)', 3],
    ['(laughing|laugh|laughs) at (you|me|her|him) behind (your|my|her|his) back', 3],
    ['(spread~|spreading) (rumours|rumors|lies) about (me|you|her|him)', 3],
    ['[just]leave (the|this|our) school NEAR/6 (hates|hate|nobody|no one|everyone|freak|loser|ugly)', 3],
  ],
  weapons: [
    [
      '(stab~|shank~|merk~|wet|duppy|bore|slice) (him|her|them|you|someone|that guy|that girl|up)',
      5,
      [
        '(stab|slice) (them|it) NEAR/4 (fork|potato|potatoes|cake|meat|onion|food|veg|carrot)',
        '(wet|bore) (him|her|them|you) NEAR/3 (water|hose|rain|boring)',
        'slice up NEAR/3 (pizza|cake|bread|apple)',
      ],
    ],
    ['kill~ (him|her|them|you|everyone|everybody|all of them|all of you|the lot)', 4, [...GAMING, COMPUTING, PARENTS]],
    [
      'murder~ (him|her|them|you|everyone|everybody)',
      4,
      [...GAMING, '(mum|dad|parents|teacher|sir|miss|nan) NEAR/5 murder~ (you|me|us|him|her)'],
    ],
    [
      'shoot~ (him|her|them|you|everyone|up)',
      4,
      [
        'shoot~ (him|her|them|you) (a|an) (message|text|email|dm|snap)',
        'shoot~ NEAR/8 (game|games|fortnite|cod|warzone|apex|valorant|gta|zombies|basketball|hoops|photo|photos|film|video|goal|netball|football)',
      ],
    ],
    ['(zombie|rambo) knife~', 4],
    ['machete~', 3, ['machete NEAR/6 (jungle|film|movie|explorer|documentary)']],
    ['knuckle duster~', 4],
    ['(buy~|cop~|get) (a|an) (gun|strap|burner|shank|zombie knife|flick knife)', 4],
    ['how to make a (gun|pipe gun|zip gun)', 5],
    ['gun for sale', 4],
    ['acid attack', 5, ['acid attack NEAR/6 (news|victim|victims|documentary)']],
    ['throw~ acid', 5],
    ['carry~ [a] (blade|shank|strap|knife) (for protection|on me|out)', 4],
    ['(ride~ out|riding out) (on|to) (them|the opps|their block|him)', 4],
    ['opp block', 3],
    ['drill beef', 3],
    ['(molotov cocktail|make napalm|thermite recipe)', 5],
    ['(got|have|carrying|carry|keep) (a|my) (blade|knife|shank|strap|machete|ting) on me', 4],
    [
      'bring~ (a|the|my) (knife|blade|shank|strap|gun) NEAR/2 (tomorrow|tonight|monday|later|park|fight)',
      4,
      [TOY_WEAPON, WEAPON_CONTEXT_HARMLESS],
    ],
    ['(bring~|brought|take~|taking) NEAR/4 (knife|blade|gun|machete|shank|strap) (to|into) school', 5],
    ['(going to|will|wants to|threatened to|said he would|said she would) (stab|shank|shoot|jump|batter|merk) me', 4],
    [
      'school shoot~',
      4,
      ['school shooting NEAR/8 (news|america|usa|us|texas|florida|reported|victims|another|documentary)'],
    ],
    [
      '(i am|i will|ill) [going to] (stab|shoot|kill|murder) (you|him|her|them|everyone|someone) NEAR/3 (tomorrow|tonight|at school|after school|on monday)',
      5,
      [...GAMING, PARENTS],
    ],
  ],
  drugs: [
    [
      '(buy~|sell~|cop~|get|got|getting) [some|any] (weed|bud|green|coke|ket|mandy|mdma|pills|xans|bars|lean|spice|thc carts|thc vapes|edibles)',
      3,
    ],
    [
      '(get|got|sell|selling|bring|bringing) (me|us|you) [some|any] (weed|bud|green|coke|ket|mandy|mdma|pills|xans|bars|lean|spice|thc carts|thc vapes|edibles)',
      3,
    ],
    ['(weed|coke|ket|mandy|xanax|xans|bars|thc|lean|pills) (for sale|dealer|plug|on me)', 4],
    ['(snapchat|snap|sc|telegram) plug', 4],
    ['plug NEAR/4 (weed|bud|coke|ket|mandy|pills|vapes|thc|carts|xans|green)', 3],
    ['county lines', 4, ['county lines NEAR/6 (assembly|lesson|pshe|police talk|awareness|documentary)']],
    ['going country', 4],
    ['cuckoo~', 3, ['cuckoo (clock|bird|song)']],
    ['trap (house|phone)', 4],
    ['(deal~|sell~|run~|shot~|carry~) (for me|for them|for him|for the olders|for the elders)', 4],
    ['(owe|owes|owing) (the|my|a) (dealer|plug|olders|elders)', 4],
    ['(olders|elders) NEAR/5 (deal~|sell~|run~|package~|shot~|line|country|drop~|drugs|food|parcels|carry~|hold~)', 4],
    [
      '(ketamine|mdma|heroin|crack cocaine|fentanyl|spice k2|nitrous oxide|nos canisters)',
      3,
      ['(drugs|lesson|pshe|science|awareness) NEAR/6 (ketamine|mdma|heroin|crack cocaine|fentanyl|nitrous oxide)'],
    ],
    ['(smoke~|blaze~) (weed|a zoot|zoots|a spliff|spliffs|a joint|joints|a blunt|blunts|bud|green)', 3],
    ['(vape|vapes|carts) NEAR/3 (thc|weed)', 3],
    ['(how to|ways to) hide (weed|drugs|my vape|vapes|alcohol|a vape)', 3],
    ['(sneak~|smuggle~|bring~) (vodka|alcohol|weed|vapes|drugs) (in|into) school', 3],
    [
      'get~ (high|stoned|wasted|hammered)',
      2,
      [
        'get~ (high|higher) (marks|grades|score|scores|up)',
        '(paintball|laser tag|airsoft|game|fortnite|round|lobby|match|football|rugby|level) NEAR/8 (wasted|hammered)',
      ],
    ],
    ['(dropped|taking|took|take) (a pill|pills|molly|acid|shrooms) (at|before) [the] (party|festival|rave)', 3],
  ],
  hate: [
    ['go back to (your|ur) [own]country', 3],
    ['go back to where you (came|come) from', 3],
    [
      '[all] (muslims|jews|immigrants|refugees|gays|gay people|trans people|black people|travellers|asians|poles) (should|must|need to|deserve to) (die|be killed|be deported|burn|be gassed|be shot)',
      5,
    ],
    [
      '(i hate|we hate|hate all) (muslims|jews|immigrants|refugees|gays|gay people|trans people|black people|travellers|poles|asians)',
      3,
    ],
    ['jews control', 4],
    [
      'all (muslims|jews|immigrants|refugees|black people|asians|poles|travellers) are (terrorists|scum|animals|rats|vermin|criminals|rapists|dirty|evil|parasites)',
      4,
    ],
    [
      '(muslims|jews|immigrants|refugees|gays|gay people|trans people|black people|travellers) (should|must|need to) all (die|be killed|be deported|burn|be gassed|be shot|be sent back)',
      5,
    ],
    ['(the jews|jews) (are behind|control|run|own) (everything|it all|the world|the media|the banks)', 4],
    ['holocaust (never happened|was fake|is a lie|was a hoax|did not happen)', 4],
    ['gas the (jews|gays|muslims)', 5],
    [
      'ethnic cleansing',
      3,
      [
        '(bosnia|srebrenica|rwanda|history|lesson|essay|kosovo|genocide|ww2|revision) NEAR/8 ethnic cleansing',
        'ethnic cleansing NEAR/8 (bosnia|srebrenica|rwanda|history|lesson|essay|kosovo)',
      ],
    ],
    ['(deport~|send) them all (back|home)', 3],
    ['(kill|burn) all [the] (gays|muslims|jews|immigrants|trans people|black people)', 5],
    ['burn~ (the|a|down the) (mosque|synagogue|church|gurdwara|temple)', 5],
    ['race traitor', 4],
    ['subhuman', 3],
    ['white (power|pride)', 4, [WHITE_POWER_RANGER, 'white pride (rose|flower|variety)']],
    ['(not a real|never be a real) (woman|man)', 3],
    ['(disabled people|gays|trans people) (should not|do not deserve to) (exist|live|have kids)', 4],
    ['(monkey|ape) noises at (him|her|them)', 4],
  ],
  'eating-disorders': [
    ['(pro ana|proana|pro mia|promia)', 4],
    ['(thinspiration|thinspo|meanspo|bonespo|fitspo)', 4, ['fitspo NEAR/6 (gym|workout|protein)']],
    ['ana (buddy|coach)', 5],
    ['how to (stop eating|not eat|make myself (sick|throw up|vomit)|purge|hide not eating)', 4],
    ['(purge~) after (eating|dinner|meals|lunch|i eat)', 4],
    ['(make~|made) myself (sick|throw up|vomit) after (eating|dinner|lunch|meals|i eat|i ate)', 4],
    ['(100|200|300|400|500|600|700|800) (calories|cals|kcal) a day', 4, ['(burn|burned|burnt) NEAR/4 calories a day']],
    ['(skip~|skipping) (meals|lunch|breakfast|dinner) NEAR/6 (without|notice|fat|weight|thin|lose|skinny)', 3],
    ['(hide~|hiding) (food|my food|that i do not eat|not eating)', 3],
    ['(fast~|fasting) for (days|weeks|a week)', 3, ['(ramadan|lent|yom kippur) NEAR/8 fasting']],
    ['(laxatives|diet pills) (to|for) (lose weight|weight loss)', 4],
    ['thigh gap', 3],
    ['collarbone challenge', 3],
    ['(feel|felt|feeling) [so] (guilty|disgusting|fat) after (eating|i eat|i ate|dinner|lunch)', 3],
    ['starve~ myself', 4],
    ['(not eaten|have not eaten|did not eat|not eating) NEAR/3 (days|a week|weeks)', 3],
    ['(no|zero) (food|calories) (today|for days|all day)', 3],
    ['not eaten (anything|all day|since yesterday|in days|for days|in ages)', 3],
    [
      '(threw up|throw up|being sick|make myself sick|puke~|vomit~) NEAR/10 (gain weight|lose weight|calories|get fat|stay thin|not fat)',
      4,
    ],
    ['(lose weight|weight loss) NEAR/4 (without eating|not eating|stop eating|starving|starve)', 4],
    [
      '(need~|want~|have|going) to stop eating',
      4,
      ['stop eating (so many|so much|sweets|junk|chocolate|crisps|sugar|meat|fast food|takeaways|snacks)'],
    ],
    [
      '(need~|have|going) to starve',
      4,
      ['starve (if|until|till|before|without) [the|my] (lunch|dinner|tea|break|breakfast|food|snack)'],
    ],
    ['(throw~|threw) up (everything|all|whatever) (i eat|i ate)', 4],
    [
      '(only|just) (ate|eaten|had) (an apple|a cracker|one meal|a yoghurt|water|half a|a few|nothing) NEAR/8 (proud|good about|fat|skinny|calories|lose|weight)',
      3,
    ],
  ],
};

/*
 * Broadened after measuring the library on blind sets of pupil messages written by someone who had not read it
 * (corpus/blind-1..3.tsv; figures in corpus/blind-sets-figures.md). Rules in general terms, from sets 1 and 2 only:
 * inflections and register forms, every group or weapon rather than the one in an example, and exceptions for the
 * harmless contexts the same words have.
 */
const broadened: Record<string, Entry[]> = {
  suicide: [
    [
      '(no one|nobody) would [even|ever|really] (care|notice|miss me|cry) [if i (died|was dead|were dead|was gone|were gone|disappeared|killed myself)]',
      4,
      ['(care|notice) NEAR/4 (if i (wore|said|did|went|left early|was late|missed))'],
    ],
    ['suicidal', 3, ['suicidal NEAR/4 (awareness|leaflet|assembly|helpline|poster|character|lyrics|song)']],
    [
      '(can not|cannot|do not think i can|cant) (keep going|go on|carry on|do this|cope) [much|any] (longer|anymore|any more)',
      3,
    ],
    [
      '(took|taken|take|taking|swallowed|swallow~) (all|all of|loads of|a load of|a bunch of|too many|lots of|a lot of|a whole box of|a whole packet of|the whole packet of|a packet of) NEAR/3 (pills|tablets|paracetamol|painkillers|meds|medication|sleeping pills|sleeping tablets|antidepressants)',
      5,
    ],
    [
      '(overdose~|od|ods|od ing|oding) on (pills|tablets|paracetamol|painkillers|my meds|meds|medication|sleeping pills|sleeping tablets|antidepressants|insulin|ibuprofen)',
      5,
    ],
    [
      '(giv~|gave) (away my|away all my|my|all my) (stuff|things|belongings|stuff away|things away)',
      3,
      ['(giv~|gave) (my|all my) (stuff|things) (to charity|to the charity shop)'],
    ],
    ['(step~|jump~|throw~ myself|lie down|lay down) in front of (a|the|one) (train|bus|lorry|car)', 5],
    [
      '(train tracks|railway line|railway tracks|train line) NEAR/8 (step~|jump~|lie down|lay down|end it|die|stepping in front)',
      4,
    ],
    ['commit (die|unalive|sewerslide|toaster bath|neck rope)', 4],
    ['(kill~|killin) my self', 5],
  ],
  'self-harm': [
    [
      '(cut~|burn~|scratch~|slash~|carve~) my ' + BODY,
      4,
      [
        '(cut~|burn~|scratch~) my (hand|hands|finger|arm|leg) NEAR/6 (cooking|oven|kettle|iron|tea|pan|knife|apple|paper|glass|fence|accident|accidentally|football|fell|tripped)',
        '(eczema|itchy|itch|itching|rash|bites|bite|mosquito|chicken pox|chickenpox|allergy|allergic|hives|dry skin|sunburn) NEAR/8 (scratch~|burn~)',
        '(cat|cats|dog|kitten|puppy|hamster|rabbit|guinea pig|bramble|brambles|thorn|thorns|branch|bush) NEAR/6 (scratch~|cut~)',
      ],
    ],
    ['relapse~ NEAR/6 (cutting|cut|sh|self harm|selfharm|my cuts|blood|bleeding|blade|blades|scars)', 4],
    ['(days|weeks|months|years) clean NEAR/5 (cutting|sh|self harm|selfharm|relapse~)', 4],
    [
      '(hide~|hid|keep~|kept|stash~|hiding) (the|my|a|some|those) (razor|razors|razor blade|razor blades|blade|blades) NEAR/6 (pencil case|mattress|under|room|drawer|bag|bed|box|sock)',
      4,
    ],
    [
      '(started|start~|been|doing|did|done|do|back to|gone back to|relapsed) (sh|shing|sh ing) (again|last night|today|tonight|more)',
      4,
    ],
    [
      '(pull~|pick~|scratch~|bite|biting|bit|hit~|bang~|punch~|burn~) NEAR/6 (until|till|til) (it|i|they|my knuckles|my skin|my arm|my arms|my hands|my legs) (bleeds|bleed|bled|bleeding|bruise|bruised|bruises|hurts|hurt|went numb)',
      3,
    ],
    ['(cut~|cutting) myself', 4, ['cut~ myself (shaving|on|by accident|accidentally|with the|cooking)']],
  ],
  bullying: [
    [
      '(you are|your|you) [so|such a|a|an|a total|an absolute|a fat|a stupid|an ugly|a little|a dirty|a pathetic|a big|just a] (worthless|pathetic|disgusting|waste of space|freak|loser|nothing|joke|weirdo|cow|pig|failure|mistake|nobody|fat cow|fat pig|fat loser|ugly loser)',
      3,
      [
        '(you are|your) nothing (like|without|to|but)',
        'loser NEAR/6 (game|uno|quiz|round|match|pays|buys|has to|of the|chess|cards)',
        'your (nothing|nobody) (else|would)',
        '(pathetic|a joke|worthless|a loser|loser|rubbish|trash|nothing|joke) at',
      ],
    ],
    [
      '(she is|he is|they are|shes|hes) (such a|a|so|a total|an absolute) (loser|freak|weirdo|waste of space|fat cow|fat pig|failure)',
      3,
    ],
    [
      '(called|calling|calls) me (names|horrible names|fat|ugly|a slag|a loser|a freak|gay|a retard|a terrorist|a paki|a bitch|a whore)',
      3,
    ],
    [
      '(pushed|push~|shoved|shove~|tripped|tripping|trip~|kicked|kick~|punched|slapped|spat on|threw stuff at|throwing stuff at|throw stuff at) me NEAR/6 (corridor|school|break|lunch|class|again|every day|bus|lesson|science|changing room|toilets|pe)',
      3,
    ],
    ['make (your|his|her|their) life (hell|a living hell|miserable)', 3],
    [
      '(lets|let us|we should|everyone) [all] (block|ignore|unfollow|report|leave out|hate on|exclude) (her|him|them)',
      3,
    ],
    [
      '(no one|nobody|everyone|everybody) (in|at) (this|our|the|your) (school|class|year|form|group) (likes|hates|wants) you',
      3,
    ],
    [
      '(get|jump|batter|beat|deck|merk|smash) you (after school|at lunch|at break|tomorrow|on monday|outside|at the gates)',
      4,
    ],
    ['(laughing|laugh~) at (her|his|their|my|your) (photo|picture|video|pic|face|body)', 3],
    ['(fake|hate) (account|page|profile) NEAR/6 (me|of me|pretending|about me|her|him)', 3],
    [
      '(getting|being|been|get|got|was|am|keep getting) bullied',
      3,
      [
        '(never|not|stop) (been|being|getting) bullied',
        '(book|character|film|story|villain|play|novel) NEAR/8 bullied',
      ],
    ],
    ['(bully|bullies|bullying) me', 3, ['(stop|do not|dont) bully~ me NEAR/3 (lol|haha|jk)']],
    [
      '(exclude~|leave~ out|left out|ignore~) (her|him|them|me) NEAR/4 (on purpose|from everything|everyone|all of us)',
      2,
    ],
    ['excluded from everything', 2],
    ['threaten~ to (post|share|leak|send|spread|expose) (my|your|her|his)', 4],
    ['(his|her|your) (ugly|fat|stupid|disgusting) (face|head|body|self|mug)', 2],
    ['(get~|got|getting|been|being) beaten up', 3],
    ['beat~ (me|him|her|them|you) up', 3, GAMING],
  ],
  grooming: [
    [
      'send~ me [a|some|more|your] (pictures|picture|photos|photo|selfies|selfie|videos|video|vids|vid) NEAR/5 (uniform|pyjamas|pjs|bikini|swimsuit|towel|changing|getting changed|in the bath|in bed)',
      5,
    ],
    ['send~ me [a|some|more] (pictures|picture|photos|photo|selfie|selfies|video|videos) of (you|yourself)', 2],
    ['(meet up|meet|lets meet) NEAR/6 (pick you up|do not tell|secret|alone|my car|my place|my flat)', 4],
    [
      '(turn|put|switch) (your|the) (camera|cam|webcam) on NEAR/4 (for me|just for me|alone|in your room|in bed|now)',
      3,
    ],
    ['(is|is your) (your|the) [bedroom] door locked', 3],
    ['(talk|chat|call|video call|facetime) (privately|in private|where no one can (see|hear))', 2],
    [
      '(add me|snap|snapchat|meet|meet up|talk|chat|us|picture|pictures|photo|photos|app|message me) NEAR/6 do not tell (anyone|anybody|no one|your friends|your mates|your parents|your mum|your dad)',
      4,
    ],
    [
      'our secret',
      3,
      ['our secret (santa|recipe|base|hideout|handshake|code|mission|weapon|den|club|language)', 'secret santa'],
    ],
    ['(not like|different from|different to) (the|other) (boys|girls|kids|guys|lads|people) (your|ur) age', 4],
    [
      '(money|cash|robux|vbucks|v bucks|gift card|gift cards|pay you|give you|buy you) NEAR/8 (send|show) [me] [a|some|more|a few|your] (pictures|picture|photos|photo|nudes|videos|video|yourself|selfie|selfies)',
      5,
    ],
    [
      '(can|could|shall|should|when can|want to) we meet [up] (in real life|in person|alone|somewhere private|tonight|this weekend)',
      3,
    ],
    ['meet~ (in real life|in person) NEAR/6 (do not tell|secret|alone|your parents)', 4],
    ['(modelling|modeling|model) (job|contract|agency|shoot|work) NEAR/10 (send|pictures|photos|picture|photo)', 4],
    ['(are you|you) [all] alone (in your room|in your bedroom|right now|tonight|now|at home|in the house)', 4],
    ['(do not|never) (act|look|seem|sound) (like a|your) NEAR/3 (year old|age)', 3],
    ['(you are|your|you) (so|very|really|well) mature', 3],
    ['you (seem|act|look|sound) [so|really|very|much] (older|more mature|grown up) (than|for)', 3],
    ['do not tell (your|ur) (mates|friends|friend|mate|nan)', 3],
    ['(wait~|meet~|pick~ you up) NEAR/8 do not tell', 4],
    [
      '(your|ur) (parents|mum|dad|mum and dad) (cannot|can not|will not|would not|do not|never) (see|find|know|check|read)',
      4,
    ],
    ['(your|ur) (parents|mum|dad|mum and dad) (home|at home|out|away|asleep|in bed)', 2],
  ],
  'sexual-content': [
    [
      'nude',
      3,
      [
        'nude (colour|color|colours|tights|lipstick|lip|shade|shades|shoes|heels|paint|painting|paintings|portrait|beach|leggings|palette|makeup|nail|nails|tones|tone|bra|foundation)',
        '(art|painting|portrait|statue|sculpture|gallery|renaissance|history|life drawing|museum) NEAR/6 nude',
      ],
    ],
    ['(noods|noodz|nudez|nudies|nude pics|nude picture|nude pictures)', 3],
    [
      '(show|send|see|picture|pictures|photo|photos) NEAR/4 (your|her|his|my) (boobs|tits|titties|dick|cock|pussy|nipples|privates)',
      3,
    ],
    [
      '(you|her|him|me|them|yourself|myself|herself|himself|get|got|getting) naked',
      3,
      ['naked (eye|flame|mole rat|truth|chef|gun)'],
    ],
    ['(nude|naked) (picture|photo|selfie|video|vid|snap|snaps)', 3],
    [
      '(sexy|dirty|naughty|spicy) (pictures|picture|photos|photo|selfies|snaps|videos|vids|messages|texts|chat|pics)',
      3,
    ],
    ['xxx (videos|video|sites|site|films|movies|pictures|vids)', 3],
    ['(want to|lets|let us|do you want to|wanna) (sex|smash)', 3],
    [
      '(had|have|having|has) sex (with|tonight|last night|yesterday|at|in|after)',
      3,
      ['sex (education|ed|lesson|lessons)'],
    ],
    ['(pronhub|pron|cornhub|corn hub|p hub)', 3],
    ['(want to|lets|let us|do you want to|we could|we should) sext', 3],
  ],
  drugs: [
    [
      '(buy~|sell~|cop~|get|got|getting|want|need|deal~|supply~|push~|shot~|shotting|grow~|smoke~|snort~|take|took|taking|tried|try) NEAR/3 ' +
        DRUG_NAMES,
      3,
    ],
    [
      '(buy~|sell~|cop~|deal~|supply~|shot~|shotting|snort~) [some|any|the|a bit of|a gram of|a bag of] ' +
        DRUG_ALSO_WORDS,
      3,
    ],
    [
      DRUG_NAMES,
      2,
      [
        '(weed|weeds) (out|killer|killers|the garden|the beds|the patch|control|whacker|wacker|the lawn|pulling|puller|them out)',
        '(garden|gardening|pull~|dig~|sea|pond|tumble|lawn|flower bed|allotment|flowerbed) NEAR/5 weed~',
        '(drugs|lesson|pshe|science|awareness|assembly|documentary|history|war on|police talk) NEAR/6 ' + DRUG_NAMES,
      ],
    ],
    [
      '(buy~|sell~|cop~|get|got|want|need|selling) [some|any|a] ' +
        DRUG_SLANG +
        ' NEAR/6 (party|rave|festival|weekend|saturday|friday|tonight|dm|dealer|plug|for sale|off someone)',
      3,
    ],
    [
      '(dropped|drop|taking|took|take|done|did|doing|popped|popping|pop|necked|neck) [some|a|a few|two|2|loads of|half a] (pill|pills|molly|acid|shrooms|mandy|mdma|ket|ecstasy|xans|bars|tabs|lsd|pingers) NEAR/5 (party|festival|rave|gig|club|weekend|saturday|tonight|high|weird|buzzing|off my face|trip|tripping)',
      3,
    ],
    ['high (af|asf|as fuck|as hell|right now)', 2],
    ['(i am|was|were|got|getting|so|proper|well|get) (stoned|zooted|blazed|mashed|off my face|off my head)', 2],
    ['bong~', 2],
    [
      '(need|want|looking for|find|know|got|have) a (dealer|plug)',
      3,
      ['plug NEAR/4 (charger|socket|phone|laptop|adapter|extension|bath|sink|electric|spark|usb|ps5|xbox)'],
    ],
    ['(snort~|sniff~|line~ of|bump of|key of) (coke|ket|charlie|white|mandy|mdma|powder|cocaine|ketamine)', 3],
  ],
  weapons: [
    [
      '(has|have|got|getting|get|give~|lend~|sell~|hold~|hid|hide~|hiding|keep~|kept|carry~|carrying|bring~|brought) NEAR/3 ' +
        WEAPON,
      3,
      [
        TOY_WEAPON,
        WEAPON_CONTEXT_HARMLESS,
        '(knife|knives) and (fork|forks)',
        'blade~ (runner|of grass)',
        'carry~ (a|the) knife NEAR/4 (kitchen|plate|table|cutlery)',
      ],
    ],
    [WEAPON + ' (on|at) (me|him|her|us|them|you)', 4, [TOY_WEAPON, WEAPON_CONTEXT_HARMLESS]],
    [
      '(make~|build~|built) [a|an] (bomb|pipe bomb|nail bomb|molotov|explosive|explosives|gun|zip gun|pipe gun|3d printed gun)',
      5,
      ['(bath|seed|glitter|stink|photo|smoke|water|cherry) bomb~', 'make (a|the) bomb (of|out of) (it|money)'],
    ],
    ['(buy~|cop~|get|order~) [a|an] ' + WEAPON + ' NEAR/3 (online|under 18|without id)', 4, [TOY_WEAPON]],
    ['(where to|how to|how can i|where can i) (buy|get|order|make) [a|an] ' + WEAPON, 4, [TOY_WEAPON]],
    ['(got|get|been|was|getting) (stabbed|shanked|merked|slashed|shot)', 3, [...GAMING, 'shot (down|at goal|on goal)']],
    [
      '(going to|will|about to) (bring|take|carry|pull out|get|use) NEAR/2 ' + WEAPON,
      4,
      [TOY_WEAPON, WEAPON_CONTEXT_HARMLESS],
    ],
    ['knife (him|her|them|you|someone|that guy|that girl)', 5],
  ],
  hate: [
    [
      GROUPS +
        ' (are|r) NEAR/2 (inferior|disgusting|freaks|terrorists|scum|animals|rats|vermin|criminals|rapists|dirty|evil|parasites|greedy|subhuman|a disease|a plague|ruining|taking over|invading|not human|worthless|a waste of money|a waste of space|stupid|thieves)',
      4,
    ],
    [
      GROUPS +
        ' (should not|should never|must not|do not deserve to) (be allowed|exist|live|have rights|vote|be here|come here)',
      4,
    ],
    ['(i hate|we hate|hate all|i cannot stand|cannot stand|can not stand|i despise|sick of) ' + GROUPS, 3],
    ['(women|girls) belong in the kitchen', 3],
    [
      '(immigrant|muslim|jew|jewish|paki|gypsy|refugee|foreign|polish|black|gay|trans|migrant) (scum|vermin|parasites|cockroaches|rats|filth)',
      4,
    ],
    ['dirty (paki|jew|gypsy|immigrant|muslim|foreigner|pole|polack|traveller|pikey|gyppo)', 4],
    [
      '(not sitting next to|do not want to sit next to|will not sit with|not sitting with) (a|that|the) (gypsy|gyppo|traveller|pikey|paki|muslim|jew|immigrant|refugee|terrorist|gay|lesbian|tranny)',
      3,
    ],
    ['go (back|home) (to|2) (africa|pakistan|poland|india|your country|where you belong|your own country)', 3],
    // Slurs: the common ones UK pupils use, so that the category catches them at all; a school can add more.
    [
      '(nigger|niggers|nigga|niggas|paki|pakis|faggot|faggots|tranny|trannies|chink|chinks|kike|kikes|raghead|ragheads|towelhead|towelheads|wog|wogs|gyppo|gyppos|pikey|pikeys|polack|polacks)',
      3,
    ],
    ['fag', 2, ['fag NEAR/4 (smoke|smoking|lighter|packet|break|end|ends|butt|cigarette|roll)']],
    ['(retard|retards|retarded|spastic|spaz|mong)', 2],
  ],
  extremism: [
    [
      '(hitler|breivik|tarrant|christchurch shooter|buffalo shooter|bin laden|jihadi john|dylann roof|thomas mair|nazis|isis|daesh|al qaeda|taliban|hamas|kkk|mosley) NEAR/1 (was right|were right|is right|are right|was a hero|is a hero|are heroes|were heroes|did nothing wrong|had a point|was based|is based|are based|was a legend|is a legend|was a genius|was a good man|was correct)',
      4,
      ['(was|were|is|are) (not|never) (right|a hero|heroes)'],
    ],
    [
      'i (support|love|stan|back|admire) (isis|the taliban|al qaeda|hamas|hitler|the nazis|national action|the kkk|daesh|islamic state|breivik|tarrant)',
      4,
    ],
    [
      '(christchurch|buffalo|el paso|halle|utoya) (shooting|massacre|attack|shooter|livestream|stream|video|manifesto)',
      4,
      ['(news|victims|anniversary|memorial|remember) NEAR/6 (christchurch|buffalo|el paso|halle|utoya)'],
    ],
    ['(kill|exterminate|wipe out|gas|purge|get rid of|deport) all [the|of the|these] ' + GROUPS, 5],
    [
      'white (power|pride|supremacy|supremacist|nationalism|nationalist|race|genocide|sharia)',
      4,
      [WHITE_POWER_RANGER, 'white pride (rose|flower|variety)', 'white race (car|horse|track)'],
    ],
    ['(defend|save|protect|preserve) (the|our) white (race|people|children|europe|britain|nation)', 4],
    ['(controlled|run|owned) by [the] (zionists|jews|the jews|zios|globalists|rothschilds|the rothschilds)', 3],
    ['(zionist occupied|zog)', 3],
    [
      '(join~|joining) (the national front|national front|britain first|the bnp|bnp|patriotic alternative|the edl|edl|the kkk|kkk|hamas|al qaeda|the taliban|al shabaab|hezbollah|national action)',
      4,
    ],
    ['88 precepts', 4],
    [
      'swastika',
      2,
      [
        'swastika NEAR/8 (hindu|hinduism|buddhist|buddhism|jain|history|lesson|essay|symbol of|origin|ancient|temple|diwali)',
      ],
    ],
  ],
  'eating-disorders': [
    [
      'purge~ NEAR/4 (meal|meals|eat|eating|ate|food|dinner|lunch|breakfast|every night|every day|binge~)',
      4,
      ['the purge (film|movie|night|anarchy|election)'],
    ],
    ['binge~ (then|and) purge~', 4],
    ['lose NEAR/3 in a (week|day|few days|fortnight)', 3],
    ['(lose|losing) weight (fast|quickly|in a week|without eating)', 2],
    [
      '(only|just|under|less than|no more than|eat|ate|eaten|had) (0|100|150|200|250|300|350|400|450|500|600|700|800|900|1000|zero) (calories|cals|kcal|cal)',
      3,
    ],
    ['(0|zero|no|low) (cal|calorie|calories|cals) day', 3],
    ['(ana|mia) (tips|buddy|buddies|coach|diet|motivation|girl|girls|family|lifestyle)', 4],
    ['(stopped|stop~|quit) eating NEAR/6 (thin|thinner|skinny|skinnier|lose weight|weight|fat|ribs|bones)', 4],
    ['how to (stop|not) (feel|feeling|being|get|getting) hungry', 3],
    ['how to (suppress|supress|kill|curb) [my|your] (appetite|hunger)', 3],
    [
      '(threw|throw~|made myself throw) up (my|all my) (lunch|dinner|breakfast|food|tea|meal|meals) (again|on purpose|every day|so i|to)',
      3,
    ],
    ['weigh~ myself NEAR/4 (times a day|every day|every hour|again|constantly|after every)', 3],
    [
      'make~ (myself|yourself|herself|himself) (sick|throw up|vomit|puke)',
      3,
      ['make~ (myself|yourself) sick (with worry|worrying|of)'],
    ],
    ['(see|show|count|feel) my (ribs|bones|hip bones|hipbones|collarbones|collar bones|spine)', 3],
    [
      '(feel|felt|feeling) [so] (guilty|disgusting|fat|gross) (when|whenever|if|every time) (i eat|i ate|eating|i have eaten)',
      3,
    ],
    ['(edtwt|ed twt|edtiktok|ed tiktok|bonespo|skinnytok)', 3],
  ],
};

/*
 * The second round (2 Dec 2026), from what held-out blind set 3 missed, in general terms: wishes for it all to end,
 * goodbye messages, questions about dying; more of bullying's threats and exclusion aimed at him or her; grooming's
 * questions about parents, being alone and the only one who understands; taking a weapon to or having one in a bag;
 * hostility next to a group's name; purging and wanting to be thin. Set 3 was used here; blind set 4, written
 * before this round, is its held-out estimate.
 */
const round2: Record<string, Entry[]> = {
  suicide: [
    [
      '(want|wish|need) (it|everything|my life|this|it all) [all] to (end|be over|stop) [now|forever|for good]',
      4,
      ['(want|wish) (it|this) to end NEAR/6 (lesson|day|week|term|school|film|game|match|exam|exams|essay)'],
    ],
    [
      '(my life|life) is (pointless|meaningless|worthless|not worth it|a waste|over)',
      3,
      ['(social|school) life is over'],
    ],
    ['(better|happier|easier) without me', 4],
    ['(do not|cannot|can not|never) see (a|any) future for (me|myself)', 3],
    ['(there is|theres) no future for me', 3],
    ['i am [just] (a waste of space|worthless|a burden|a mistake|unlovable|better off dead)', 3],
    [
      '(want to|wanna|going to|ready to|should just) dye',
      4,
      [
        'dye (my|her|his|your|it|the|them|our) (hair|fringe|eyebrows|hoodie|clothes|shoes|trainers|top|shirt|tips|ends|roots)',
        'dye NEAR/4 (hair|pink|blue|red|purple|green|blonde|black|colour|color|bleach|tie|shirt|eggs)',
      ],
    ],
    [
      '(saying|said|say) goodbye to (everyone|everybody|you all|all of you|the world)',
      3,
      [
        'goodbye NEAR/8 (term|holiday|holidays|leaving|year 11|year 13|school|moving|prom|trip|see you|party|last day|graduation|summer|christmas|tomorrow|monday|soon|camp)',
      ],
    ],
    [
      '(goodbye|bye) (everyone|everybody|world|forever|all of you|to everyone) NEAR/8 (love you|sorry|i am done|forgive me|miss me)',
      4,
    ],
    ['(how long|how much|how many) NEAR/6 (to die|die from|would kill me|to kill me|to kill myself)', 4],
    ['die from (an overdose|overdose|overdosing|hanging|pills|paracetamol|an od)', 4],
    ['(pills|tablets|paracetamol|painkillers) NEAR/6 (kill me|kill myself|end it)', 5],
    ['(sewer slide|un alive|unaliving|unalived)', 4],
    ['tired of (living|being alive|life|existing|being here)', 3],
    ['(researching|looking up|searching|googling) (ways|how) to (die|kill myself|end it|end my life)', 5],
  ],
  'self-harm': [
    [
      '(been|keep|kept|still|i am|i have been) cutting [myself] (again|for|since|every|more|deeper)',
      4,
      ['cutting (the|out|paper|hair|card|grass|cake|it|back|down|class|corners|lessons)'],
    ],
    [
      '(need|want|get|buy|got|bought) [a] new (blade|blades)',
      3,
      ['blade~ NEAR/4 (skate|skates|ice|hockey|mower|lawnmower|shaver|wiper|wipers|fan|fortnite|saw|roblox|sword)'],
    ],
    ['how deep (can|do|should|to|is it safe to) [you|i] cut', 4],
    ['(sh|s h) (urges|urge|again|relapse|scars|wounds|cuts|clean)', 3],
    ['(hide|hiding|cover|covering|long sleeves) NEAR/6 (my cuts|my scars|my arms|my wrists|cuts|scars)', 3],
  ],
  bullying: [
    [
      '(get|jump|batter|beat up|deck|merk|smash|bang|stab|rush) (you|him|her|them) (after school|at lunch|at break|tomorrow|on monday|outside|at the gates|on the way home|later)',
      4,
    ],
    [
      '(kicked|kick~|removed|remove~|blocked|left) (me|her|him|them) (out of|from) [the|our] (group|gc|group chat|chat|friend group|groupchat)',
      3,
    ],
    [
      '(saying|said|says|told me|telling me|keeps saying|messaging me) [that] (i|you) should (die|kill myself|kill yourself|kys|disappear)',
      4,
    ],
    ['(get|getting|got|been|being|am) called (names|fat|ugly|gay|a freak|a loser|a slag|horrible names)', 3],
    ['embarrassing (pic|picture|photo|video|vid|pics|pictures|photos|videos) of (her|him|them|you|me)', 3],
    [
      '(no one|nobody) wants to (sit with|sit next to|talk to|be friends with|hang out with|work with) (you|her|him|them|the)',
      3,
      ['(no one|nobody) wants to work with (the|you on)'],
    ],
    ['leave (the|this|our) school or', 3],
    ['(everyone|everybody|they all|the whole class|the whole year) (laughs|laughing|laugh) at (you|her|him|me)', 3],
    ['(making|make|made) fun of (me|her|him|you) NEAR/6 (every day|group chat|gc|everyone|always|again)', 3],
  ],
  grooming: [
    [
      '(are you|you) (home|at home|in your room|in the house) (by yourself|on your own|alone)',
      4,
      [
        'home alone NEAR/8 (xbox|ps5|playstation|fortnite|minecraft|roblox|revise|revising|homework|film|movie|christmas)',
      ],
    ],
    ['(only one|only person|only people) (who|that) (understands|gets|cares about|loves|really knows) you', 4],
    ['how old are you NEAR/8 (look|seem|act) (older|mature|grown up)', 3],
    [
      '(underwear|bra|knickers|panties|thong|boxers|lingerie) NEAR/4 (wearing|wear|colour|show me|send|pic|picture|photo)',
      4,
    ],
    [
      '(your|ur) (parents|mum|dad|mum and dad) (check|checks|read|reads|look at|looks at|go through|goes through|see|monitor) (your|ur) (phone|messages|chats|texts|snaps|dms)',
      3,
    ],
    [
      '(when|while|after) (your|ur) (parents|mum|dad|mum and dad) (are|is) (asleep|out|away|at work|in bed|not home|not in)',
      3,
    ],
    [
      '(you are|your) (really|so|very) (pretty|beautiful|hot|sexy|cute|fit) for (a|your|an) NEAR/2 (age|year old|11|12|13|14|15)',
      4,
    ],
    ['(age|age difference|how old) (does not|doesnt|do not) matter', 4],
    [
      '(cannot|can not|must not|mustnt) tell (anyone|anybody|no one|your parents|your mum|your dad) about (us|this|me|our chats|what we do)',
      4,
    ],
    ['(my|our) special (girl|boy|friend|secret)', 3],
    ['(meet~|meet me) NEAR/4 (alone|on your own|by yourself|without your parents|secretly)', 4],
  ],
  'sexual-content': [
    [
      'having sex',
      3,
      ['(pshe|lesson|education|safely|safe|consent|biology|talk about|age of consent|law) NEAR/6 having sex'],
    ],
    [
      '(show|send|see|picture|pictures|photo|photos) NEAR/4 (your|her|his|my) body',
      3,
      ['body (of work|paragraph|text|language|part|parts names)'],
    ],
    [
      '(girls|boys|women|men|teens|girl|boy|woman|man|people|her|him) naked',
      3,
      ['naked (eye|flame|mole rat|truth|chef|gun|attraction)'],
    ],
  ],
  drugs: [
    [
      '(dealing|deals|dealt|sells|selling|sell) (at|in|round|near|behind|outside|to) (school|the park|college|kids|year|the estate)',
      3,
      ['(dealing|deals|dealt) (with|in)'],
    ],
    [
      '(charlie|ket|mandy|pingers|xans|bars|pills|molly|mdma|ecstasy) (for saturday|for friday|for the party|for tonight|for the weekend|for the rave|for the festival)',
      3,
    ],
    ['420 (stuff|friendly|smoke|sesh|session|blaze)', 2],
    [
      '(got|have|anyone got|any1 got|who has|whos got) [some|any|the] (za|zaza|gas|loud|pack|green|bud)',
      2,
      [
        'green (light|pen|pens|pencil|pencils|paper|one|top|shirt|card|team|crayon|highlighter|book|folder|hoodie|jumper|bottle)',
        '(got|have) [the] gas (bill|meter|hob|cooker|mark)',
      ],
    ],
  ],
  weapons: [
    ['(blow~ up|bomb~|burn~ down|set fire to|torch) (the|my|our|this) (school|college|class|classroom)', 5],
    [
      WEAPON + ' (in|on|under) (my|his|her|your|their) (bag|pocket|blazer|locker|waistband|coat|jacket|bed|room)',
      4,
      [TOY_WEAPON, WEAPON_CONTEXT_HARMLESS],
    ],
    [
      'stab~',
      2,
      [
        'stab (in the dark|at it|at the answer|at this)',
        '(a|have a|take a|my) stab at',
        'stab~ NEAR/6 (potato|potatoes|fork|meat|cake|food|straw|juice|caesar|brutus|macbeth|history|julius)',
        'stab vest~',
      ],
    ],
    ['(slash~|cut~|carve~) (his|her|their|your) (face|throat|neck)', 5],
  ],
  hate: [
    [
      '(gay|gays|lesbian|lesbians|trans|tranny|trannies|black people|muslims|jews|immigrants|paki|pakis) NEAR/3 (disgusting|gross|vile|sick|unnatural|freaks|abomination|should die)',
      3,
      [
        '(homophobia|homophobic|racism|racist|transphobia|transphobic|discrimination|prejudice|it is|its) NEAR/8 disgusting',
      ],
    ],
    ['(you|ya|u) (paki|nigger|faggot|tranny|chink|gyppo|pikey)', 4],
  ],
  extremism: [
    [
      '(jews|zionists|mossad|the jews) (did|caused|planned|were behind|are behind) (9 11|911|nine eleven|the towers)',
      3,
    ],
    ['death to (the|all) (infidels|kuffar|kafirs|jews|muslims|gays|immigrants|west|traitors)', 4],
    ['death to (infidels|kuffar|kafirs|jews|muslims|gays|immigrants|britain|america|israel|traitors)', 4],
    ['(write|make|writing|making|my|a) manifesto NEAR/6 (shooter|attack|like the|christchurch|tarrant|breivik)', 4],
    ['14 88', 3],
    ['future for white children', 4],
    ['holocaust (was|is) (fake|a lie|a hoax|made up|exaggerated)', 4],
  ],
  'eating-disorders': [
    [
      '(throw~|threw|sick|puke~|vomit~) [up] after (i eat|eating|i ate|meals|every meal|dinner|lunch|food|i have eaten)',
      3,
      ['(ill|bug|virus|food poisoning|motion sickness|car sick|sick bug) NEAR/8 (throw~|threw|sick|puke~|vomit~)'],
    ],
    ['i (want|need|have) to be (thin|skinny|thinner|skinnier)', 3, ['thin (crust|mints|mint)']],
    [
      '(fat|so fat|too fat|huge|disgusting|obese) NEAR/5 (need to|have to|must|going to) (lose weight|starve|stop eating|diet)',
      3,
    ],
    ['(tips|how to|ways to|best way to|help me) NEAR/2 purge~', 4, ['the purge (film|movie|night|anarchy|election)']],
    ['how to starve (yourself|myself)', 4],
  ],
};

/*
 * The third round (2 Dec 2026), written from families of what the blind sets and the corpus still missed, in general
 * terms rather than from the lines (the next blind sets are written by someone who cannot see the library): each
 * rule covers a way of saying it (wishing not to be alive, being gone, what helps, who will see; threats to share,
 * exclusion by the group, insults aimed at her or him; compliments for an age, deleting after reading, pictures
 * for one person; a group's name beside "the problem" or "go home"; asking who has something; a weapon beside a
 * time) with every pronoun, tense and noun of the kind. Words censored with `*` and spelled out after a lone a or i
 * are read by the normaliser (CENSORED_WORDS in pupilRegister.ts).
 */
const MEDIA =
  '(picture|pictures|photo|photos|selfie|selfies|snap|snaps|video|videos|vid|vids|clip|clips|pic|pics|content)';
const HIM_HER = '(him|her|them|you|me)';
const TIME_SOON =
  '(tomorrow|tonight|today|after school|at school|at lunch|at break|on monday|monday|this weekend|later|in the morning)';
const round3: Record<string, Entry[]> = {
  suicide: [
    [
      '(wish|want|wishing) i (was not|were not|was never|were never|had never been|was no longer|were no longer) (alive|born|here|around|in this world)',
      5,
    ],
    [
      '(whats|what is|no|is there any|is there even a) [the] point (of|in) (me|my) (being alive|living|existing|being here|staying alive|carrying on|life)',
      4,
    ],
    [
      '(going to|want to|will|planning to|plan to|about to|ready to|might|thinking of|thinking about) (overdose|od|take an overdose|overdosing) [tonight|today|tomorrow|again|on]',
      5,
      ['(overdose|od) on (sugar|sweets|caffeine|coffee|energy drinks|chocolate|memes|anime|tiktok)'],
    ],
    ['overdose~ (tonight|today|tomorrow|this weekend|again|soon)', 5],
    [
      '(care|notice|miss me|cry|be sad|be happier|be better off|be glad|even know) (when|if|once|after) i (am|was|have) (gone|dead|died|not here|not around|no longer here)',
      4,
    ],
    ['(when|once|after) i (am|have) (gone|dead|died) NEAR/6 (care|notice|miss|sorry|happier|better|cry|funeral)', 4],
    [
      '(i am|so|feel|feeling|been) (tired|done|sick|exhausted) (of|with) (living|being alive|life|existing|everything|it all|this life|breathing)',
      3,
    ],
    ['(i am|i feel like) [just] a burden (to|on) (everyone|my family|you all|them|my mum|my parents|my friends)', 3],
    ['(praying|pray|hoping|hope) (for death|to die|i die|that i die|i do not wake up|i get hit by)', 4],
    ['i (want|welcome|crave|deserve) (death|to be dead|to not be alive)', 4],
    [
      '(you will|you will never|nobody will|no one will) [ever] (hear from|see|talk to) me (again|ever again|after tonight|after today)',
      4,
      ['(again|ever again) NEAR/4 (lol|haha|jk|if you|unless)'],
    ],
    [
      '(my|this is my|these are my) (last|final) (message|messages|goodbye|post|text|words|note|letter|night|day alive)',
      4,
      [
        'last (day|night) NEAR/6 (school|term|holiday|year|trip|camp|work|exams)',
        'last (message|messages|post|text) NEAR/6 (exam|exams|luck|bed|sleep|battery|phone dies|for today|holiday|signing off|until tomorrow|till tomorrow|lol|of the day|of the year)',
      ],
    ],
    [
      '(will not|wont|am not going to) be (here|around|alive) (tomorrow|much longer|for long|anymore|any more|next week|by the morning)',
      4,
    ],
    [
      '(how high|what height|which floor|how tall|how far) NEAR/8 (to die|to kill you|to kill yourself|to kill myself|survive|die from)',
      5,
    ],
    [
      '(does|would|will|is) (hanging|overdosing|an overdose|drowning|bleeding out|slitting|suffocating|dying) NEAR/3 (hurt|painful|quick|take long)',
      5,
    ],
    [
      '(end~|ending) it (tonight|today|tomorrow|this weekend|soon|for good|once and for all)',
      5,
      [
        'end~ it (with|between|off with) (him|her|them|my|us)',
        'end~ it NEAR/4 (essay|story|game|film|chapter|video|relationship|boyfriend|girlfriend|him|her|things)',
      ],
    ],
    ['(yeet|throw|chuck) myself (off|from|in front of) (a|the)', 4],
    ['(catch~|take) the bus to heaven', 4],
    [
      '(there is|theres|got) nothing left (for me|to live for|worth living for)',
      3,
      [
        'nothing left for me NEAR/6 (pizza|food|cake|dinner|lunch|sweets|chips|leftovers|tickets|seats|to eat|to do|in the shop)',
      ],
    ],
    [
      '(standing|stood|sat|sitting|i am) (on|at) (the|a) (edge|ledge|bridge|roof|cliff|top of the car park|platform edge) NEAR/6 (right now|now|goodbye|jump|end it|cannot do this|tonight|sorry|love you)',
      4,
      [
        '(view|photo|pic|picture|selfie|sunset|pretty|beautiful|amazing|tourist|trip|fireworks|waiting for) NEAR/8 (edge|ledge|bridge|roof|cliff)',
      ],
    ],
    [
      '(lethal|fatal|deadly) (dose|amount|overdose|number)',
      5,
      [
        '(science|chemistry|biology|lesson|homework|exam|question|caffeine|vet|dog|cat|chocolate) NEAR/8 (lethal|fatal|deadly)',
      ],
    ],
    [
      '(pills|tablets|paracetamol|painkillers|ibuprofen|insulin|meds) NEAR/5 (lethal|fatal|deadly|kill you|kill a person|kill someone)',
      5,
      ['(science|chemistry|biology|lesson|homework|exam|question|vet|dog|cat) NEAR/8 (lethal|fatal|deadly|kill)'],
    ],
    [
      'i am (ready|prepared) to die',
      4,
      ['ready to die NEAR/4 (laughing|embarrassment|of boredom|game|level|boss|lol)'],
    ],
    [
      '(i will|ill|i|i do not think i will|i do not think ill|i might not|i will not|i am not going to) be (here|around|alive|gone) (next week|tomorrow|much longer|for long|soon|by monday|by friday|by the weekend|by tomorrow|by the morning|anymore|any more|by then|after tonight)',
      4,
      [
        '(dentist|doctor|appointment|holiday|trip|poorly|off sick|away|visiting|hospital|off school|moving|move house|camp|tour|match) NEAR/8 be (here|around|gone)',
        'be (here|around) NEAR/3 (at|by|for) (8|9|10|11|12|half|quarter|lunch|break|dinner|tea|the match)',
      ],
    ],
    [
      '(want~|wish|going|ready|like) to (go to sleep|fall asleep|sleep|disappear|vanish) (forever|for ever|for good|and never come back)',
      4,
      [
        '(so tired|weekend|bed|comfy|holidays|lie in|nap|duvet|exams are over|after this week) NEAR/6 (sleep|asleep) (forever|for ever)',
      ],
    ],
    [
      '(planning|planned|plan|worked out|working out|decided) (how|when|where) (to do it|i will do it|i am going to do it|to end it|to die|to kill myself)',
      4,
    ],
    [
      '(only way out|no way out|only escape|no escape|only option|only answer) NEAR/6 (die|dying|death|dead|suicide|end it|ending it|kill myself|killing myself)',
      4,
    ],
    ['(tie|tied|tying|make|making|made|buy|bought|got) a noose', 5],
    ['noose', 3, ['noose NEAR/8 (history|lynching|lesson|knot|knots|hangman|film|civil rights|sailing|scouts|essay)']],
    [
      '(easiest|quickest|painless|best|least painful|fastest|simplest) (way|ways|method|methods) (to go|to do it|out|to die|to end it|to kill yourself|to kill myself)',
      5,
      [
        '(way|ways) to go (to|home|there|about|from|into|through|up|down|back)',
        'way out (of the|of this) (maze|room|building|level|map|escape room)',
        'way to do it NEAR/6 (homework|question|maths|sum|equation|essay)',
      ],
    ],
    [
      '(will not|wont|do not|not going to) need (it|them|any of it|my stuff|my things|this|anything) (anymore|any more|after friday|after tonight|after tomorrow|after this week|after the weekend|after monday|where i am going|soon)',
      4,
    ],
    [
      '(got|have|has|keep) (the|my|some) (pills|tablets|paracetamol|rope) (ready|saved|stashed|hidden|stockpiled|sorted)',
      5,
    ],
    [
      '(saving|stockpiling|hoarding|collecting|saved up|stashing) (pills|tablets|paracetamol|painkillers|my meds|my tablets)',
      5,
    ],
    ['(fall asleep|sleep|go to sleep|close my eyes) and (not|never) (wake up|open them again)', 5],
    ['(do not want to|cannot|can not|not going to) (live|go on|carry on|keep living) like this', 4],
    ['(life|living) is (too hard|unbearable|torture|hell) NEAR/6 (die|dead|end|anymore|gone|disappear)', 4],
  ],
  'self-harm': [
    [
      '(helps|helped|help|calms|calm|release|relief|cope|coping|only thing|stops the pain|numbs|feel something|feel better) NEAR/6 (cutting|self harm|self harming|sh|hurting myself|burning myself|scratching myself|the blade|my blade)',
      4,
      [
        'cutting (the|out|paper|hair|card|grass|cake|it|back|down|class|corners|lessons|board|edge|wood|onions|vegetables)',
        '(help|helps|coping|cope) NEAR/6 (someone who|people who|friend who|support|charity|helpline|leaflet|awareness)',
      ],
    ],
    [
      '(see|seen|saw|notice~|find|found|finds|show~|ask~ about|asking about) (my|the) (scars|cuts|fresh cuts|marks on my|wounds|burns|self harm|sh)',
      3,
      [
        '(surgery|operation|acne|chicken pox|chickenpox|op|accident|fell|dog|cat|tattoo|stitches from|piercing) NEAR/6 (scars|cuts|wounds|burns|marks)',
      ],
    ],
    ['(harm~|hurt~|injure~|injured) myself (on purpose|again|deliberately|to feel|to cope|every night|when i am)', 4],
    ['harm~ myself', 3],
    [
      'cut~ (so|too|really|extra|way too) deep',
      4,
      ['(paper|finger|hand|thumb|knife|glass|cooking|onion|haircut|hair) NEAR/6 cut~'],
    ],
    ['(want~|need|love|like) (to see|seeing|watching) (the blood|blood|myself bleed|it bleed)', 4],
    [
      '(razor|razors|blade|blades|sharpener|sharpeners) NEAR/6 (my arm|my arms|my wrist|my wrists|my thigh|my thighs|my legs|my skin|myself|my stomach)',
      4,
      ['(shave~|shaving|shaved|beard|wax~|hair) NEAR/6 (razor|razors|blade|blades)'],
    ],
    [
      '(wear|wearing|wore) (long sleeves|sleeves|a hoodie|hoodies|wristbands|bracelets|a jumper) NEAR/8 (cuts|scars|marks|no one (sees|can see)|hide|cover)',
      3,
    ],
    ['(sh|self harm|cutting) (free|clean) (for|since)', 3],
    [
      '(need|want|miss|where is|lost|took|hid|hide|found|find) my (blade|blades|razor|razors|sharpener blade)',
      3,
      [
        '(skate|skates|ice|hockey|mower|lawnmower|shaver|fortnite|minecraft|sword|roblox|shave|shaving|beard|legs) NEAR/6 (blade|blades|razor|razors)',
      ],
    ],
    [
      '(cuts|cutting|scars|wounds) NEAR/4 (deep|deeper|getting worse|more often|every night|every day|will not stop bleeding|still bleeding)',
      4,
      ['(paper|hair|budget|funding|cost|costs|price|prices|grass|wood|onions|film|scene) NEAR/6 (cuts|cutting)'],
    ],
    [
      '(knows|know|find out|finds out|found out|told|tell|telling) (about|of) my (scars|cuts|self harm|sh|cutting|marks)',
      3,
    ],
    [
      '(relapse~|relapsing) (again|last night|today|tonight)',
      3,
      [
        '(drugs|drinking|alcohol|smoking|vaping|gaming|sugar|chocolate|diet|cancer|illness) NEAR/6 (relapse~|relapsing)',
      ],
    ],
  ],
  bullying: [
    [
      '(no one|nobody|none of us) (in|at|from) [the|this|our|your|my|their] (group|school|class|year|form|team|chat|gc|friend group|squad) NEAR/3 (likes|wants|cares about|is friends with|can stand|talks to|sits with) ' +
        HIM_HER,
      3,
    ],
    [
      '(everyone|everybody|we all|they all|the whole) (in|at|from) [the|this|our|your|my|their] (group|school|class|year|form|team|chat|gc|friend group|squad) NEAR/3 (hates|hate|despises|laughs at|is laughing at) ' +
        HIM_HER,
      3,
    ],
    [
      '(lets|let us|we should|we need to|going to|i am going to|we are going to|should) (kick|chuck|boot|remove|block|ditch|drop) (her|him|them|you) [out]',
      3,
      [
        '(kick|boot|remove) (her|him|them|you) NEAR/6 (game|lobby|server|match|vc|call|party game|round|minecraft|fortnite|roblox|realm)',
      ],
    ],
    [
      '(everyone|everybody|the whole school|the whole year|all your friends|the whole class) (will|is going to|going to|are going to|can) (see|know about|hear about|find out about) NEAR/2 (video|picture|photo|pictures|photos|vid|secret|messages|nudes|chat|screenshot|screenshots)',
      4,
    ],
    [
      '(make|making|made) sure (everyone|everybody|the whole school|the whole year|all your friends) (sees|see|knows|know|hears|finds out) NEAR/6 (video|picture|photo|pic|secret|you|her|him|messages|screenshot)',
      4,
    ],
    [
      '(post~|share~|leak~|spread~|send~) (that|this|the|your|her|his) (video|picture|photo|videos|pictures|photos|screenshot|screenshots) NEAR/6 (everyone|everybody|the gc|the group chat|the group|insta|tiktok|snapchat|the whole school|the whole year|everywhere|my story|the school)',
      4,
    ],
    [
      '(go|run|go and|run home and) (cry|crying|run|tell) (to|home to) (your|ur) (mum|mummy|mommy|dad|daddy|mam|nan)',
      2,
    ],
    ['waste of (oxygen|air|skin|space|life)', 3, ['waste of space NEAR/4 (storage|memory|disk|room|cupboard|bag)']],
    [
      '(school|tomorrow|monday|outside|later|when i see you|if you come|wait till|wait until|after school) NEAR/8 (you are|your) (dead|so dead|getting it|going to get it|finished|in for it)',
      4,
      GAMING,
    ],
    [
      '(i will|we will|i am going to|we are going to|they are going to|going to|gonna|ima) (batter|beat up|smash|deck|jump|hurt|punch|slap|end|finish|ruin) (you|her|him|them) NEAR/4 (after school|tomorrow|monday|outside|at the gates|later|i swear|watch|fr|for real|so bad)',
      4,
      GAMING,
    ],
    ['ruin (your|her|his|their) life', 3],
    [
      '(going to|will|lets|let us|we should) [all] (ignore|blank|exclude|ghost|freeze out|leave out) (her|him|them) (tomorrow|on monday|at school|from now on|forever|all day|all week)',
      2,
    ],
    [
      '(spread|send|post|share|show) (it|this|them|that) (round|around|to|across) (the whole school|the whole year|everyone|everybody|the school|the year)',
      3,
      [
        '(homework|notes|answers|invite|invitation|party|news|event|poster|flyer|charity|form|petition|fundraiser|good news) NEAR/8 (spread|send|post|share|show)',
      ],
    ],
    [
      '(tell~|snitch~|grass~) NEAR/6 (hurt you|beat you up|batter you|you are dead|regret it|make you pay|kill you|get you)',
      3,
      GAMING,
    ],
    [
      '(made|make|making|started|start|set up) (a|an|another|the) (group chat|gc|page|account|chat|group|fake account) NEAR/4 (talk about|slag off|roast|hate on|mock|laugh at|make fun of|expose|bully|rate|diss) (her|him|them|you|me)',
      3,
    ],
    [
      'make (everyone|everybody|the whole school|the whole year|the whole class|all your friends) (hate|turn on|ignore|laugh at) (you|her|him)',
      3,
    ],
    [
      '(tell|telling|show|showing|send|sending) (everyone|everybody|the whole school|the whole year|all your friends|the whole class|the gc|the group) NEAR/2 (secret|secrets|crush|nudes|diary)',
      3,
    ],
    [
      '(posted|post~|shared|sharing|share~|put|sent|screenshotted) (my|an ugly|that|a) (pic|picture|photo|video|selfie|pictures|photos) NEAR/6 (laugh|laughing|laughs|mock|mocking|everyone|everybody|embarrass~|group chat|gc|without asking|comments)',
      3,
      [
        '(homework|project|trip|holiday|birthday|match|concert|art) NEAR/6 (pic|picture|photo|video|selfie|pictures|photos)',
      ],
    ],
    [
      '(they|everyone|everybody|people|the girls|the boys|she|he|the group) (keep|keeps|always|kept|constantly|still) NEAR/1 (laughing at|picking on|hitting|pushing|mocking|teasing|ignoring|following|threatening|calling|excluding|leaving out|making fun of|tripping|kicking) (me|her|him)',
      3,
    ],
    ['(pick~|picked) on (me|her|him|them) NEAR/6 (every day|always|again|keep|all the time|because|school|class)', 3],
    [
      '(everyone|everybody|we all|the whole class|my friends|they all|the group) (is|are|have been|keep) NEAR/1 (ignoring|ignore|blanking|avoiding|excluding|leaving out) (me|her|him)',
      2,
    ],
    ['(everyone|everybody|the whole class|the whole school|they all) (hates|hate) me', 2],
    [
      '(she is|he is|they are|you are|your) [so|such a|a|really|well|literally|proper|actually] (ugly|fat|disgusting|gross|pathetic|worthless|minging|a freak|a loser|a slag|a slut|fat and ugly|ugly and fat)',
      2,
      [
        '(game|level|map|skin|build|outfit|drawing|cake|design|shoes|dress|car|house|font|cat|dog) NEAR/4 (ugly|disgusting|gross)',
        'loser NEAR/6 (game|uno|quiz|round|match|pays|buys|has to|of the|chess|cards|fifa|monopoly|bet|lol|haha)',
        '(pathetic|worthless|a loser|gross|disgusting) at',
      ],
    ],
    ['no wonder (no one|nobody|everyone) (likes|hates|wants) (you|her|him)', 3],
    ['(fat|ugly|dumb|stupid|gay|emo|weird|smelly|poor) (bitch|slag|cow|pig|loser|freak|rat|tramp|whore|slut)', 3],
  ],
  grooming: [
    [
      '(pretty|beautiful|hot|sexy|cute|fit|gorgeous|mature|developed|grown up) for (a|an|your|ur) NEAR/3 (age|11|12|13|14|15|year old|year 7|year 8|year 9|year 10|yr 7|yr 8|yr 9)',
      4,
    ],
    ['(pretty|beautiful|hot|sexy|cute|fit|gorgeous|mature|developed) for (11|12|13|14|15|your age|ur age)', 4],
    [
      'delete (this|our|these|it|them|everything) [chat|chats|messages|convo|conversation|texts|dms|message] NEAR/3 (after you (read|see|have read|have seen|look at)|once you (read|see|have read|have seen)|when you (have read|have seen|read|see)|before (your|ur) (parents|mum|dad) (see|sees|find|finds|check|checks))',
      4,
    ],
    [
      '(delete|clear|wipe) (our|the|your|these) (chat|chats|messages|dms|texts|history) NEAR/2 (so|before|in case) (your|no one|anyone) (parents|mum|dad|sees|see|finds|reads|checks|knows)',
      4,
    ],
    [
      'send~ [me] [a|your|some] (picture|pictures|selfie|photo|photos|video|snap|snaps) NEAR/4 (smirk|devil|aubergine|peach|splash|tongue|hotface)',
      4,
    ],
    [MEDIA + ' (just|only) for me', 4, ['(homework|answers|notes|slides|project|essay|revision|sheet) NEAR/6 for me']],
    [
      '(keep|stay|kept|keeping) (this|it|that|everything|us|our chats) [just|only] between (us|me and you|you and me|the two of us|us two) NEAR/8 (do not tell|your mum|your dad|your parents|buy you|secret|no one needs|nobody needs|special|i will)',
      4,
    ],
    [
      '(no one|nobody) (needs to|has to|should|has got to|will ever) know (about us|about this|we talk|we talked|we are talking|we met|about our|what we)',
      4,
    ],
    [
      '(it is ok|its ok|its fine|it is fine|do not worry|dont worry) NEAR/3 (no one|nobody) (needs to|has to|will ever|is going to) know',
      3,
      ['(failed|fail|grades|mark|marks|test|exam|crush|surprise|party|present|broke|broken) NEAR/8 know'],
    ],
    [
      'do not tell (anyone|anybody|no one|your friends|your parents|your mum|your dad) (we have been talking|we talked|we have met|i message you|about our chats|what we talk about|that we talk|you know me|about me)',
      4,
    ],
    [
      '(i am|im) (older|an adult|grown up|a lot older|much older|18|19|20|21|22|23|24|25|26|27|28|29|30|35|40) NEAR/6 (does not matter|do not care|is just a number|no one has to know|nobody has to know|our secret|do not tell)',
      4,
    ],
    ['(special|mature|different) NEAR/4 not like the other (girls|boys|kids)', 3],
    [
      '(where do you live|what is your address|what is your postcode|send me your address) NEAR/8 (pick you up|come round|come over|meet|alone|parents|secret|visit you|come get you)',
      3,
    ],
    ['send~ [me] something (sexy|hot|naughty|dirty|spicy|revealing)', 4],
    [
      '(grown up|older|mature|sexy|hot) in (your|ur) (photos|pictures|selfies|profile|snaps|videos|profile picture|pfp)',
      3,
    ],
    [
      'without (your|ur|any) (clothes|top|shirt|bra|trousers|knickers|underwear|pants) [on]',
      4,
      ['pants NEAR/4 (shoes|coat|jacket|pe kit)'],
    ],
    [
      '(stay|come|sleep|sleep over) (at|to|round|over) (mine|my place|my flat|my house|my car|my hotel|my room) NEAR/6 (no one will know|do not tell|our secret|your parents|alone|secret|will not tell)',
      4,
    ],
    [
      '(meet|meet up|hang out|see each other|be together) NEAR/4 (just the two of us|just us two|just you and me|just me and you|on our own|where no one can see)',
      3,
      ['(revise|revision|homework|study|project|practice|rehearse) NEAR/8 (meet|meet up|hang out)'],
    ],
    ['(are|is) (your|ur) (parents|mum|dad) strict', 2],
    [
      '(snap|snapchat|whatsapp|telegram|kik|discord|insta|wickr|signal) NEAR/6 (talk there|chat there|talk privately|more private|private chat|no one can see|parents cannot see)',
      2,
    ],
    [
      '(touched|touches|touching|touch|grabbed|grabs|feels|felt) (me|my) (down there|privates|private parts|inappropriately|under my|in places|where i do not)',
      5,
    ],
    [
      '(makes|made|forces|forced|make|making) me (do|send|watch|touch|take) (things|stuff|it|pictures|photos|videos) NEAR/8 (do not want|did not want|secret|tell|scared|hate it|uncomfortable)',
      5,
    ],
    [
      '(are you|r u|you) [still] [a] virgin',
      3,
      ['virgin (media|mobile|atlantic|trains|active|islands|mary|queen|olive oil|money)'],
    ],
    ['(have you|you) ever (had sex|done it|touched yourself|been naked|sent nudes|kissed anyone)', 3],
    ['(i am|i am only|i am really|i am also) (13|14|15|16|17) (too|as well|honest|i promise|i swear|like you)', 3],
    [
      '(your|ur) (parents|mum|dad|friends|teachers|family) (do not|will not|would not|never|cannot) (understand|get|love|care about) you NEAR/1 (like i do|like me|the way i do|as much as i do)',
      4,
    ],
    [
      '(robux|vbucks|v bucks|gift card|gift cards|money|cash|skins|a phone|credit) (if|for|when|in return for) you (send|show|do|video call|meet|take|turn on|strip)',
      5,
    ],
    [
      '(add me|message me|dm me|talk|chat|move to|download) NEAR/6 (more private|private app|where no one|no one can see|nobody can see|parents cannot see|parents can not see|disappearing messages|delete~ automatically|secret app)',
      3,
    ],
    ['is (anyone|anybody) [else] (home|in|around|there|with you) (right now|now|tonight|at the moment)', 3],
    [
      '(send|give|tell) me (your|ur) (address|postcode|home address|location)',
      2,
      [
        '(send|give|tell) me (your|ur) (address|postcode|home address|location) NEAR/6 (party|invite|invitation|delivery|parcel|card|birthday|christmas|sleepover|lift)',
      ],
    ],
  ],
  'sexual-content': [
    [
      '(sexy|dirty|naughty|spicy|explicit|sexual|x rated|nsfw) ' + MEDIA,
      3,
      ['(sex education|lesson|pshe|rse|awareness|report~|reporting|safety) NEAR/6 (explicit|sexual) ' + MEDIA],
    ],
    [
      '(showed|show~|sent|send~|flash~|flashed) (me|us|everyone) NEAR/2 (dick|cock|penis|privates|boobs|tits|vagina|pussy|willy)',
      4,
    ],
    ['(i am|i am so|so|feeling|feel|are you|you|get|getting|got|makes me) horny', 3],
    [
      '(watch~|look~ at|looking at|searching|search~) (porn|porno|adult videos|adult sites|xxx|naked women|naked girls|naked men)',
      3,
    ],
    [
      '(adult|18 plus|x rated|xxx) (site|sites|videos|website|websites|content) NEAR/6 (watch~|visit~|found|look~|search~|on my|on his|on her|go on)',
      3,
    ],
  ],
  drugs: [
    [
      '(anyone|anybody|who|someone|somebody|who is) [else] (got|have|has|selling|sells|sell|knows who sells|can get) NEAR/2 (pills|weed|bud|green|coke|ket|mandy|xans|bars|carts|vapes|tabs|acid|shrooms|edibles|drugs|gear|molly|pingers|lean|za|thc)',
      3,
      [
        '(headache|period|cramps|hay fever|allergy|allergies|paracetamol|ibuprofen|nurse|medicine|medical|painkillers|calpol|antihistamine|vitamin|vitamins) NEAR/8 (pills|tabs)',
        'green (light|pen|pens|pencil|pencils|paper|one|top|shirt|card|team|crayon|highlighter|book|folder|hoodie|jumper|bottle)',
      ],
    ],
    [
      '(buy~|sell~|selling|cop~|deal~|get|got|getting|take|took|taking|do|doing|did|tried|try~|on) [some|any|the|hard] drugs',
      3,
      [
        '(never|do not|not|say no to|no to|about|lesson|pshe|awareness|assembly|dangers of|war on|police) NEAR/4 drugs',
        '(took|take|taking|on) [some|the|my] drugs NEAR/6 (doctor|hospital|prescribed|prescription|medicine|meds|pharmacy)',
      ],
    ],
    [
      '(my|his|her|a|the|our) (weed|drug|drugs|coke|pill) (dealer|guy|man|plug)',
      3,
      ['(breaking bad|film|movie|show|series|netflix|game|gta|character|episode|book|novel|play) NEAR/8 dealer'],
    ],
    [
      'dealer NEAR/6 (weed|coke|pills|ket|snap|text|owe|owes|deliver|drop)',
      3,
      ['(card|car|blackjack|poker|casino) dealer'],
    ],
    [
      '(sell~|selling|buy~|cop~) (vapes|vape|elf bars|elfbars|lost marys|disposables) NEAR/6 (school|year 7|year 8|kids|under 18|underage|toilets)',
      2,
    ],
    [
      '(get|getting|got|was|were|so|proper) (drunk|smashed|wasted|hammered|leathered|trashed|plastered) NEAR/6 (tonight|weekend|party|park|before school|at school|vodka|drink|drinks|sesh)',
      2,
    ],
    ['(vodka|alcohol|booze|wine|cider) (in|into) (my|a|the|our) (water bottle|bottle|bag|school)', 3],
    [
      '(smoking|smoke|smoked|vaping|hitting) (weed|a zoot|zoots|a joint|joints|a spliff|a blunt|thc|dabs|carts) NEAR/6 (school|toilets|park|before|after|lunch|every day|tonight)',
      3,
    ],
    ['(high|stoned|baked|zooted|blazed) (at|in|before|during) (school|class|lessons|maths|english|registration|pe)', 3],
    [
      'sort (you|me|us|him|her) [out] [with] NEAR/3 (weed|green|bud|za|pack|coke|ket|pills|mandy|xans|bars|gear|carts|a bag|an eighth)',
      3,
      ['green (paint|pen|pens|pencil|paper|card|top|shirt|one|team)'],
    ],
    [
      '(did|doing|do|done|had|racked|snorted|sniffed) (lines|a line|a bump|bumps|a key) (at|of|in|before|off|together)',
      3,
      [
        '(lines|line) NEAR/6 (detention|punishment|maths|graph|graphs|drama|play|script|poem|learn|learning|practise|practice|lyrics|song|football|pitch|paint)',
      ],
    ],
    [
      '(selling|sell|sells|buying|cop~|copped) [some|any|a few] (carts|cartridges|dabs|wax pens)',
      3,
      [
        '(mario|go) kart~',
        '(carts|cartridges) (at|from) [the|a] car boot',
        '(printer|ink|toner|game|games|nintendo|retro) (carts|cartridges)',
      ],
    ],
  ],
  weapons: [
    [
      WEAPON + ' NEAR/3 ' + TIME_SOON,
      4,
      [
        TOY_WEAPON,
        WEAPON_CONTEXT_HARMLESS,
        '(food tech|food technology|dt|design|cooking|baking|art|science|cutlery|butter|cake) NEAR/8 ' + WEAPON,
      ],
    ],
    [
      '(bomb|a bomb|bombs) (in|at|under|inside) (the|our|this|my) (school|college|building|classroom|canteen)',
      5,
      ['(bath|seed|glitter|stink|smoke|water|cherry) bomb~'],
    ],
    ['(plan~|planning) (an|a|the) (attack|bombing|shooting|massacre|stabbing)', 4, GAMING],
    [
      '(threatened|threaten~|pulled|pull~|came at|attacked|chased|went for) (me|him|her|us|them|someone|my brother|my sister|my mate) with NEAR/2 ' +
        WEAPON,
      4,
      [TOY_WEAPON],
    ],
    [
      '(going to|will|am going to|want to) (hurt|kill|stab|shoot|murder|batter|slash|cut) (him|her|them|you|someone|everyone|somebody) NEAR/2 (so bad|badly|for real|i swear|i mean it|i am not joking|not joking|properly)',
      5,
      GAMING,
    ],
    [
      '(where|how) (can i|do i|to|could i) (get|buy|find|make) NEAR/2 (gun|strap|firearm|pistol|shotgun|knife|blade|machete|bomb|taser)',
      4,
      [TOY_WEAPON, WEAPON_CONTEXT_HARMLESS],
    ],
  ],
  hate: [
    [
      GROUPS +
        ' NEAR/1 (should|need to|must|can|ought to|have to) [all] (go home|go back|leave|get out|be sent back|be sent home|fuck off|piss off|be kicked out|not be here)',
      3,
    ],
    ['(send|kick|deport|throw|ship|boot) [all] [the|these|those] NEAR/1 ' + GROUPS + ' (out|back|home)', 3],
    [
      GROUPS + ' (are|r) (the|a) (problem|issue|enemy|cause|reason|disease|plague|cancer)',
      4,
      ['(problem|issue) NEAR/6 (facing|face|for|racism|discrimination|prejudice)'],
    ],
    [
      GROUPS +
        ' (are to blame|are behind|started|ruined|ruin) NEAR/4 (everything|it all|this country|the country|britain|england|the world)',
      4,
    ],
    ['(blame|it is the fault of|its the fault of) [the|all] ' + GROUPS, 3, ['(do not|never|stop) blame']],
    [GROUPS + ' (disgust me|make me sick|are not welcome|do not belong|are not human|are not people)', 4],
    [
      '(women|girls|females|foids|femoids) (deserve|should be|need to be|want to be|like being) (raped|beaten|hit|slapped|put in their place|owned|controlled|slaves)',
      4,
    ],
    ['(foid|foids|femoid|femoids|muzzie|muzzies|muzrat|muzrats)', 3],
    ['no ' + GROUPS + ' (allowed|welcome|here|in our)', 4],
    [
      '(do not want|want no|do not need) [any|more|these|those|the] ' +
        GROUPS +
        ' (here|in this country|in our country|in our school|in our town|in our area|in britain|in england)',
      3,
    ],
  ],
  extremism: [
    [
      '(join|support|fight for|die for|die as a martyr for) (the jihad|jihad|the caliphate|the mujahideen|the ummah|the cause|the war against)',
      4,
      ['the cause NEAR/6 (charity|fundraising|climate|cancer|good)'],
    ],
    [
      '(become|want to be|die as|dying as|be) a (martyr|shaheed|shahid)',
      4,
      ['martyr NEAR/8 (history|saint|christian|religious studies|re lesson|essay)'],
    ],
    [
      '(finish~|finished|complete~) (the job|what he started|what hitler started) NEAR/8 (hitler|nazi|nazis|jews|holocaust)',
      5,
    ],
    [
      '(hitler|the nazis|the holocaust) (should have|should of|did not|didnt) (finish~|finished|gone further|kill~ more|go far enough)',
      5,
    ],
    ['(redpilled|red pilled|based) NEAR/3 (hitler|nazi|nazis|tarrant|breivik|white race|14 words)', 4],
    [
      '(kill|punish|behead|attack) (the|those who|anyone who|people who) NEAR/6 (insult~ the prophet|blasphem~|draw the prophet|cartoon~ of the prophet)',
      5,
    ],
  ],
  'eating-disorders': [
    [
      '(not|have not|did not|do not|never|barely) (eaten|eat|had food|had anything|eaten anything) NEAR/2 (since|for|in) (monday|tuesday|wednesday|thursday|friday|saturday|sunday|days|ages|two days|2 days|three days|3 days|four days|a week|breakfast yesterday|yesterday morning|the weekend)',
      3,
    ],
    [
      '(scared|afraid|terrified|frightened) (of|to) (gaining weight|gain weight|get fat|getting fat|put on weight|putting on weight|eat anything|eat food|eating food|eating anything|eat in front of)',
      3,
    ],
    [
      '(counting|count|counted) (calories|cals) NEAR/6 (every|obsess~|cannot stop|scared|afraid|all day|everything i eat)',
      3,
    ],
    ['chew (and|then) spit', 3],
    [
      '(not eating|stop eating|starving myself|starve myself|fasting|skip~ meals|not going to eat) (until|till|til) i (lose|drop|weigh|am|get|see)',
      4,
    ],
    [
      '(need|want|have|going|got|trying) to (lose|drop) NEAR/3 (kg|kgs|kilo|kilos|stone|pounds|lbs|1kg|2kg|3kg|4kg|5kg|6kg|7kg|8kg|10kg|5lbs|10lbs)',
      2,
      [
        '(mum|dad|mom|nan|auntie|uncle|teacher|sir|miss) NEAR/4 (lose|drop)',
        '(boxing|weigh in|rugby|jockey|weight class|wrestling|judo|rowing|dog|cat|suitcase|luggage|bag) NEAR/8 (lose|drop)',
      ],
    ],
    [
      '(allowed|allow myself|let myself|limit myself to|stick to|max|maximum) [only|just] (0|100|200|300|400|500|600|700|800|900|1000) (calories|cals|kcal|cal)',
      3,
    ],
    [
      '(feel|felt|feeling|am|i am) [so|too|really|disgustingly] (fat|huge|gross|disgusting) NEAR/6 (cannot eat|can not eat|not eating|not eat|stop eating|skip~|starve|purge|throw up)',
      3,
    ],
    ['(water|dry) fast~', 3, ['(ramadan|lent|yom kippur|religious|eid) NEAR/8 fast~']],
    [
      '(hate|hates|disgusted by|disgusting) my (body|stomach|thighs|face|fat|reflection) NEAR/8 (eat|eating|food|starve|skip|thin|skinny|weight|lose)',
      3,
    ],
    [
      '(want|need|going) to (lose|drop) (5|10|15|20|a stone|two stones|loads of weight|so much weight|kilos|kg|pounds|lbs) (by|before|in) ',
      3,
    ],
    [
      '(only|just) (ate|eaten|had|eat) (an apple|a cracker|an orange|one meal|a yoghurt|water|a rice cake|half a sandwich|nothing|coffee|gum) (all day|today|yesterday|this week|for days)',
      3,
    ],
    ['(ana|mia|ed) (coach|buddy|buddies|tips|twitter|tiktok|account|page)', 4],
  ],
};

// Welsh (cy) and Polish (pl): what pupils in UK schools write in their other language.
const otherLanguages: Record<string, Entry[]> = {
  suicide: [
    ['(dw i|dwi|rwy|rydw i) (eisiau|isio|moyn) marw', 5, [], 'cy'],
    ['(dw i|dwi|rwy) ddim (eisiau|isio|moyn) byw', 5, [], 'cy'],
    ['(lladd|ladd) fy hun', 5, [], 'cy'],
    ['hunanladdiad', 4, [], 'cy'],
    ['rhoi diwedd ar fy mywyd', 5, [], 'cy'],
    ['chcę umrzeć', 5, [], 'pl'],
    ['(zabiję|zabije|zabić) się', 5, [], 'pl'],
    ['nie chcę (żyć|już żyć)', 5, [], 'pl'],
    ['(samobójstwo|popełnić samobójstwo)', 4, [], 'pl'],
  ],
  'self-harm': [
    ['hunan (niweidio|niwed)', 3, [], 'cy'],
    ['(torri|brifo) fy hun', 4, [], 'cy'],
    ['(tnę|ciąć|pociąć) się', 4, [], 'pl'],
    ['samookaleczenie', 3, [], 'pl'],
  ],
  bullying: [
    ['does neb yn dy hoffi', 3, [], 'cy'],
    ['mae pawb yn dy gasáu', 3, [], 'cy'],
    ['(lladd|ladd) dy hun', 5, [], 'cy'],
    ['wszyscy cię nienawidzą', 3, [], 'pl'],
    ['nikt cię nie lubi', 3, [], 'pl'],
    ['(zabij się|idź się zabić)', 5, [], 'pl'],
  ],
  grooming: [
    ['paid (dweud|deud) wrth dy (rieni|fam|dad|mam)', 4, [], 'cy'],
    ['ein cyfrinach ni', 4, [], 'cy'],
    ['nie mów (rodzicom|mamie|tacie|nikomu)', 4, [], 'pl'],
    ['(nasz|to nasz) sekret', 4, [], 'pl'],
  ],
};

/** The rules of every table, each written form fitted to the phrase language's limits. */
const starterPhrases = (): KeywordPhraseInput[] =>
  [byCategory, broadened, round2, round3, round4, round5, round6, otherLanguages].flatMap((table) =>
    Object.entries(table).flatMap(([category, entries]) =>
      entries.flatMap(([phrase, severity, exceptions, language]) =>
        fit(phrase).map((p) => ({
          phrase: p,
          category,
          severity,
          exceptions: [
            ...(exceptions ?? []),
            ...round4Exceptions.for(phrase),
            ...round5Exceptions.for(phrase),
            ...round6Exceptions.for(phrase),
          ].flatMap(fit),
          language: language ?? 'en',
        })),
      ),
    ),
  );

/** The last starter library built, for as long as anyone holds it. */
let built: WeakRef<KeywordLibrary> | undefined;

/**
 * The library Lookout ships with: rules in the phrase language across ten categories. Built on
 * first use, not when `@lookout/shared` is imported: every process that imports the package (the agent's service
 * and session agent, the console, the web UI's bundle) would otherwise parse and keep it, though only a console's
 * first start, a session agent with no policy yet and the tools use it. The object is shared while anyone holds
 * it and built again after (a weak reference: a session agent drops it once its policy brings the libraries).
 */
export function starterKeywordLibrary(): KeywordLibrary {
  const kept = built?.deref();
  if (kept) return kept;
  const library = buildStarterLibrary();
  built = new WeakRef(library);
  return library;
}

const buildStarterLibrary = (): KeywordLibrary =>
  KeywordLibrary.parse({
    id: 'lookout-default',
    name: 'Lookout starter library (English, Welsh, Polish)',
    description:
      'Written by the Lookout project in its phrase language and measured against its own labelled corpus of pupil ' +
      'messages (shared/src/keywords/corpus), then on blind sets of pupil messages written by someone who had not read ' +
      'it (held out before the third round: 84 % of risk messages caught, no false alarms; see the README), then broadened ' +
      'by family of what it missed. Sources for the language and the terms: the UK Safer Internet Centre appropriate ' +
      'filtering and monitoring guidance; Samaritans media guidelines and PAPYRUS (suicide); Self-injury Support and ' +
      'Mind (self-harm, including coded terms such as "sewerslide", "unalive", "cat scratches"); Beat (eating ' +
      'disorders); Home Office county lines guidance and the Children\'s Society (drugs, exploitation, "olders", ' +
      '"going country", "cuckooing"); NSPCC and CEOP (grooming, sextortion); Prevent duty guidance and Hope not Hate ' +
      '(extremist symbols such as 1488 and "day of the rope"); Anti-Bullying Alliance and Ditch the Label (bullying); ' +
      'the US DEA emoji drug code guide for parents (2021) and UK police advice (emoji read as words); NSPCC and ' +
      'Internet Matters guides to the emoji young people use (sexual emoji); the ADL Hate on Display database and the ' +
      'Institute for Strategic Dialogue on accelerationism ("13/50", totenkopf, sonnenrad, "ted pilled", Siege). ' +
      'A starting point: review it with your DSL and add phrases from expert lists (for example the IWF keyword list, ' +
      'available to members) and from what your own pupils write.',
    categories: [...STARTER_KEYWORD_CATEGORIES],
    phrases: starterPhrases(),
  });
