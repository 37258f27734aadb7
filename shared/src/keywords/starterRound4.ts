import { RoundExceptions } from './roundExceptions.js';
import type { Entry } from './defaultLibrary.js';

/*
 * Round 4 of the starter library (2 Dec 2026), written from blind-5.tsv (236 chat and DM messages by someone who had
 * never seen the library) in general terms: each rule is a way of saying something, with every pronoun, tense and
 * noun of the kind, not the line it was found on. The families: grooming as the pupil reports it (what he asked,
 * what he said I was, what he offers if I send or meet, an adult's age beside meeting, deleting so nobody finds out,
 * parents who would not understand); third-person self-harm (scars on her thighs), the tools (a sharpener taken
 * apart, a barcode getting worse); insults and threats about her or him and in the second person future (you're
 * getting battered), pictures posted to laugh at someone, a group chat made without someone; drugs brought to a
 * party, snorted, benzodiazepine bars; weapons' slang and where they are hidden, a weapon somewhere tonight;
 * fasting streaks; sympathy for extremists, taking the country back by force; white-power numbers and slogans and
 * racial slurs as hate; Welsh and Polish forms the earlier rounds lacked (North Welsh isho, Polish word order).
 *
 * The other tables live in defaultLibrary.ts (rounds 1 to 3, written by another hand at the same time), so this
 * module keeps its own word lists. round4Exceptions adds exceptions to earlier rules that raised false alarms on
 * blind-5 (keyed by the rule's phrase as written there; starterRound4.test.ts checks that each key still names one).
 */

const MEDIA =
  '(picture|pictures|photo|photos|selfie|selfies|snap|snaps|video|videos|vid|vids|clip|clips|pic|pics|content)';
const BODY = '(arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|stomach|hand|hands|hip|hips|ankle|ankles)';
// Games where losing, killing and knives are harmless.
const GAMES =
  '(fifa|fortnite|minecraft|roblox|cod|warzone|apex|valorant|gta|mm2|murder mystery|uno|chess|monopoly|mario kart|smash|rocket league|among us|brawl stars|clash royale|blox fruits|the game|this game|games|game|2k|rivals|cs2|csgo|overwatch)';
const WEAPON_HARMLESS =
  '(nerf|water|toy|bb|airsoft|paintball|kitchen|bread|cake|food tech|game|fortnite|cod|roblox|mm2|film|knife crime|assembly) NEAR/8 (gun|knife|blade|machete|strap|shank|rambo|skeng|pistol|taser)';
// Something an adult offers a child in return.
const GIFTS =
  '(robux|vbucks|v bucks|gift card|gift cards|money|cash|skins|a phone|a new phone|an iphone|a new iphone|airpods|trainers|a vape|vapes|credit|amazon voucher|steam card|a present|presents|a gift|gifts|clothes|makeup|a tenner|ten quid|twenty quid|20 quid|50 quid|fifty quid|100 quid)';
// A grown-up as a pupil describes him or her.
const ADULT_AGE =
  '(18|19|20|21|22|23|24|25|26|27|28|29|30|35|40|45|50|an adult|a grown man|in his 20s|in his 30s|at uni)';
// Drugs whose names are not everyday words (or not when brought to a party).
const PARTY_DRUGS = '(weed|ket|mdma|mandy|pingers|pills|xans|shrooms|zoots|spliffs|za|nos|snow|lsd|thc|cocaine)';
const EXTREMISTS =
  '(isis|daesh|islamic state|al qaeda|the taliban|taliban|hitler|the nazis|nazis|tarrant|brenton tarrant|breivik|elliot rodger|national action|patriotic alternative|the kkk|kkk|jihadis|the mujahideen|bin laden|jihadi john|dylann roof|the christchurch shooter)';
const STUDY =
  '(history|lesson|documentary|news|revision|essay|mock|exam|teacher|religious studies|citizenship|pshe|prevent|assembly|based on|film|movie|book|ww2|world war)';

export const round4: Record<string, Entry[]> = {
  suicide: [
    [
      '(will not|never going to) be (here|around|at school|in school|alive) NEAR/5 (ever again|anymore|any more|much longer|after tonight|after today|after this week)',
      4,
      [
        '(moving|leaving|left|new school|last day|holiday|year 11|year 13|sixth form|college) NEAR/10 (here|around|at school|in school)',
      ],
    ],
    [
      '(goodbye|bye) (forever|for good|to everyone) NEAR/6 (texted|text|message|messaged|posted|post|saying|said|says|sent|note|letter)',
      3,
      [
        '(moving|leaving|last day|holiday|year 6|year 11|prom|end of term|house|old school|show|episode|game|series|film|teacher|retiring) NEAR/10 (goodbye|bye)',
      ],
    ],
    // Third person: what a friend or sibling did or said they would do.
    [
      '(kill~|killing|hang~|hanging|hung) (herself|himself|themselves|themself)',
      4,
      [
        '(laughing|laugh|embarrassment|cringe) NEAR/4 (herself|himself|themselves)',
        '(hitler|romeo|juliet|macbeth|cleopatra|judas|character|film|book|story|history|novel|play) NEAR/10 (herself|himself|themselves)',
        '(hang~|hanging|hung) (herself|himself|themselves|themself) (up|upside|on the|off the|from the bar|over)',
      ],
    ],
    [
      '(do not|cannot|can not|no longer) see (a|any) way out',
      3,
      ['way out NEAR/6 (escape room|maze|game|level|building|fire)'],
    ],
    // North and South Welsh for "want to die", and "going to kill myself".
    ['(eisiau|isio|isho|ishio|isie|eisie|ishe|moyn) marw', 5, [], 'cy'],
    ['(mynd i|am|eisiau|isio|isho) (ladd|lladd) fy (hun|hunan)', 5, [], 'cy'],
    // Polish: want to kill myself, had enough of life, no sense in living.
    ['(chcę|chce) (się zabić|zniknąć na zawsze|umrzeć)', 5, [], 'pl'],
    ['mam (dość|dosc|dosyć) (życia|zycia)', 4, [], 'pl'],
    ['(nie ma|nie widzę) sensu (żyć|życia)', 4, [], 'pl'],
  ],
  'self-harm': [
    [
      '(my|her|his) (arms|wrists|thighs|legs) are (a mess|wrecked|ruined|destroyed|scarred)',
      3,
      [
        '(mud|muddy|football|rugby|bruises|mosquito|bites|eczema|tan|shaving|paint|pen|glitter|rash|sunburn|tattoo) NEAR/8 (arms|wrists|thighs|legs|arm|wrist|thigh)',
      ],
    ],
    [
      '(her|his|their) (cuts|fresh cuts|scars|sh scars|self harm scars) NEAR/6 (showed|show~|saw|seen|see|hides|hiding|hide|covers|covering|sleeve|sleeves|bleeding|new|fresh|again|deep)',
      3,
      [
        '(paper|budget|power|hair) cuts',
        '(operation|surgery|accident|football|dog|chickenpox|war|film|character) NEAR/8 (cuts|scars)',
      ],
    ],
    [
      '(was|is|been|keeps|has been) cutting (in the toilets|in the bathroom|in her room|in his room|again|every night|herself|himself)',
      3,
    ],
    // What a friend's or sibling's body shows.
    [
      '(cuts|scars|marks|burns|cut marks|fresh cuts) NEAR/3 (her|his|their) ' + BODY,
      3,
      [
        '(football|rugby|netball|hockey|operation|surgery|accident|fell|fall|bike|dog|cat|chickenpox|birth|oven|tattoo|eczema|war|fight|game|character|film) NEAR/8 (cuts|scars|marks|burns)',
      ],
    ],
    [
      '(cut~|cutting|burn~|burning|hurt~|hurting|harm~|harming|scratch~) (herself|himself|themselves|themself)',
      3,
      [
        '(cut~|burn~|hurt~|scratch~) (herself|himself|themselves|themself) NEAR/6 (shaving|accident|accidentally|cooking|oven|football|rugby|pe|fell|tripped|playing|kettle|on the)',
      ],
    ],
    // The tools: a sharpener or razor taken apart for its blade.
    [
      '(took|take|takes|taking|broke|break|breaks|breaking|smash~|unscrew~|pull~|prised|prise|snap~) NEAR/4 (sharpener|sharpeners|razor|razors) (apart|open|to bits|for the blade|for its blade|to get the blade)',
      4,
    ],
    ['(blade~|razor~) (from|out of|outta) NEAR/4 (sharpener|sharpeners)', 4],
    // Barcode: rows of cuts.
    [
      'my barcode~ NEAR/5 (worse|deeper|bleed~|bleeding|hide|hiding|fresh|sleeve|sleeves|scars|cuts|arm|arms|wrist|wrists|thigh|thighs|legs|healing|heal|sh)',
      3,
      ['barcode~ NEAR/5 (scan~|scanner|lunch|canteen|card|library|ticket|app|printer|label)'],
    ],
    ['(barcode|barcoded|barcoding) (my|her|his) ' + BODY, 4],
    // Polish: I cut myself (either word order), I harm myself.
    ['(pocięłam|pociąłem|pocięłem|cięłam|ciąłem|tnę|okaleczyłam|okaleczyłem|okaleczam|krzywdzę) się', 4, [], 'pl'],
    ['się (pocięłam|pociąłem|pocięłem|cięłam|ciąłem|okaleczyłam|okaleczyłem)', 4, [], 'pl'],
    ['(torri|brifo|llosgi) fy hunan', 4, [], 'cy'],
  ],
  bullying: [
    [
      '(going to|will) (batter|deck|spark|bang|merk|slap|smack|punch|jump|rush|beat up|stab|shank) (you|him|her|them)',
      3,
      [
        '(batter|deck|spark|bang|merk|slap|smack|punch|jump|rush|beat up) (you|him|her|them) NEAR/8 ' + GAMES,
        '(batter|smack|punch|slap|beat) (you|him|her|them) NEAR/4 (joke|jk|lol jk|playfight|in a race|at)',
        '(mum|mom|dad|nan|gran|teacher|parents|miss|sir) NEAR/5 (batter|slap|smack|punch) (you|him|her|them)',
      ],
    ],
    ['(slag~|slagging|slagged) (me|her|him|them|you) off', 2],
    // Insults about her or him.
    [
      '(she is|he is|they are) NEAR/3 (ugly|disgusting|gross|minging|minger|munter|skank|slag|slut|loser|freak|weirdo|pathetic|worthless|fat cow|fat pig)',
      2,
      [
        '(loser|freak|weirdo) NEAR/6 ' + GAMES,
        '(dog|cat|hamster|rabbit|pug|puppy|kitten|character|film|movie|show|villain|teddy) NEAR/6 (ugly|disgusting|gross|freak|weirdo)',
        '(ugly|gross|disgusting) NEAR/2 (crying|sobbing|laughing|cute)',
        '(not|never|isnt|no) [so|that|even|really] (ugly|disgusting|gross|a loser|a freak|a weirdo|pathetic|worthless)',
      ],
    ],
    [
      '(no one|nobody|noone|not one person|none of us) (likes|wants|cares about|talks to|wants to sit with|wants to be friends with) (her|him|them)',
      3,
      ['(likes|wants) (her|him|them) NEAR/3 (more than|like i do|as much)'],
    ],
    // Threats in the second person: you're getting battered.
    [
      '(you are|your|you will|you) (getting|going to get|get) (battered|beaten up|jumped|merked|bodied|smacked|slapped|punched|stabbed|rushed|banged|hurt|sparked|knocked out|shanked)',
      3,
      [
        '(battered|beaten|jumped|wrecked|bodied|rushed|hurt|sparked) NEAR/8 ' + GAMES,
        'battered NEAR/4 (fish|rain|sausage|chips)',
      ],
    ],
    // Pictures of someone posted to laugh at them.
    [
      '(posting|posted|posts|sharing|shared|sent round|spreading|spread|edited|editing) (pictures|photos|videos|vids|snaps|clips) of (me|her|him|them) NEAR/8 (gc|group chat|laugh~|laughing|mock~|everyone|whole year|page|embarrass~)',
      3,
      ['(birthday|bday|holiday|trip|prom|cute|happy|proud|memories|best friend|bestie) NEAR/8 ' + MEDIA],
    ],
    // A group made without someone, talking about them.
    [
      '(made|make|making|started|created) (a|another|a new|the) (gc|group chat|chat|server) without NEAR/2 (him|her|them|you|me)',
      3,
      ['without (him|her|them|you|me) NEAR/6 (surprise|birthday|party|present)'],
    ],
    [
      '(shit|crap|rubbish|trash|smack|lies|rumours|rumors) about (him|her|them|you|me) NEAR/2 (chat~|talk~|spread~|saying|say|says|said)',
      2,
    ],
  ],
  drugs: [
    // Running for someone: county lines as a pupil describes it.
    [
      '(gets|got|makes|made|asks|asked|pays|paid|sends|sent) me NEAR/3 (drop off|deliver|carry|hold|move|run|take) (packages|parcels|a bag|a package|a parcel|stuff)',
      3,
      [
        '(amazon|post office|nan|grandma|grandad|mum|dad|ebay|vinted|paper round|newspaper|shopping|neighbour|food bank) NEAR/8 (packages|parcels|bags|a bag|a package|a parcel|stuff|things)',
      ],
    ],
    [
      '(who|anyone|whos|who has|who is|need|need a|know a|looking for a) [got|has|knows|have] (the|a) plug',
      2,
      [
        'plug NEAR/6 (charger|socket|phone|laptop|adapter|extension|bath|sink|plug in|plug it in|plugged in|unplug|spark plug|earphones|headphones|uk plug|eu plug|wall)',
      ],
    ],
    [
      '(selling|sell~|sold|got|buy~|bought|anyone got) (carts|dab pens|wax pens|thc pens|dabs)',
      3,
      ['(car boot|shopping|golf|go kart|trolley|trolleys|supermarket|tesco|game) NEAR/6 carts'],
    ],
    // Benzodiazepine and opioid bars and pills by their street names.
    [
      '(bar|bars|pill|pills|tab|tabs|strip|strips) of (xan|xanax|xanny|xannies|vallies|valium|diazepam|oxy|oxys|codeine)',
      3,
    ],
    [
      '(got|get|getting|buy~|bought|sell~|sold|pop~|popped|popping|took|take|taking|need|want|any|some|few) NEAR/3 (xan|xans|xanny|xannies|vallies|oxys|percs|percocet|addies|adderall)',
      3,
    ],
    // Drugs brought to a party.
    [
      '(bring~|bringing|brought) [some|any|a bag of] ' +
        PARTY_DRUGS +
        ' NEAR/4 (party|rave|festival|gig|sesh|function|tonight|weekend|saturday|friday)',
      3,
    ],
    ['(bring~|bringing|brought) (some|any|a bit of|a bag of) (charlie|molly|coke|bud|green|white|powder)', 3],
    // Snorting, whatever the powder is called.
    [
      '(sniff~|snort~|rail~|railing|bump~) NEAR/3 (coke|charlie|ket|mandy|mdma|cocaine|ketamine|a line|some lines|lines of)',
      3,
    ],
    [
      '(sniff~|snort~|rail~|railing|bump~) (some|a bit of|a line of|a bag of|a key of) (snow|white|gear|powder|sniff)',
      3,
    ],
  ],
  weapons: [
    ['pull up (with|wiv|wid) (the|a|my|his) (ting|strap|skeng|blade|shank|nank|knife|gun|wap|borer|rambo|machete)', 4],
    // A weapon somewhere, now or soon.
    [
      '(there is|theres|there was|someone has|someone got|he has|he got|they got) a (gun|knife|blade|machete|strap|shank|nank|rambo|skeng|pistol|taser) NEAR/4 (school|party|tonight|lunch|estate|outside|toilets|tomorrow|park)',
      4,
      [WEAPON_HARMLESS],
    ],
    // Where it is hidden: slang and concealment.
    [
      '(rambo|skeng|wap|borer|ching|nank|shank|zombie knife|machete|blick) NEAR/5 (waistband|jacket|coat|trackies|bag|blazer|pocket|hoodie|bally|on road|on him|on me|tucked|locker)',
      4,
      [WEAPON_HARMLESS],
    ],
    [
      '(ting|thing|piece|tool|strap|one|something) NEAR/3 (his|my|her|their|your) (waistband|waist band|trackies|boxers|crotch)',
      3,
    ],
    [
      '(he is|she is|they are|i am|mans|man is|someone is) (carrying|strapped|tooled up) (rn|now|at school|in school|tonight|everywhere|always|on road|again|nowadays)',
      3,
    ],
  ],
  'eating-disorders': [
    [
      '(stop eating|not eat|go without eating|go without food|starve myself) for (a week|a few days|days|2 days|3 days|a month|two weeks|a fortnight|as long as)',
      4,
      ['(ramadan|lent|fast for|blood test|operation|surgery|religious) NEAR/10 (eating|food)'],
    ],
    [
      '(need to|want to|going to|have to|got to|gotta|must) (be|get) (under|below|to) (30kg|35kg|40kg|45kg|30 kg|35 kg|40 kg|45 kg|5 stone|6 stone|7 stone|30 kilos|35 kilos|40 kilos|45 kilos)',
      4,
      ['(dog|bag|suitcase|luggage|box|weights|lift|deadlift|bench|squat|parcel) NEAR/6 (kg|kilos|stone)'],
    ],
    [
      '(starv~|starving) (herself|himself|themselves|themself)',
      4,
      ['starv~ (herself|himself|themselves) NEAR/4 (for|before) (christmas|dinner|tea|the buffet|the party)'],
    ],
    [
      '(make~|made|making) (herself|himself|themselves) (sick|throw up|vomit|puke)',
      4,
      [
        '(eating|ate|sweets|chocolate|laughing|crying|worry|worrying|nerves|stress|spinning|rollercoaster|too much) NEAR/6 (sick|throw up|vomit|puke)',
      ],
    ],
    // Fasting counted in calories and days.
    [
      '(0|zero|no|under 100|under 200|under 300) (cals|calories|kcal) (today|yesterday|all day|this week|since|again|so far)',
      4,
      [
        '(drink|drinks|coke|pepsi|zero|diet|sugar free|water|gum|this|it|has|contains) NEAR/4 (cals|calories|kcal|kcals)',
      ],
    ],
    [
      'day (2|3|4|5|6|7|two|three|four|five|six|seven) of (not eating|fasting|water fasting|no food|starving)',
      4,
      ['(ramadan|lent|eid|yom kippur|religious|blood test|operation|surgery) NEAR/10 (day|days)'],
    ],
  ],
  grooming: [
    ['(i am|called me|calls me|me) (his|her) (special|little) (girl|boy|princess|secret|angel)', 3],
    [
      '(said|told me|asked me|says|tells me|made me promise) not to tell (anyone|anybody|my parents|my mum|my dad|my family|no one|your parents|your mum)',
      3,
      ['(surprise|party|present|birthday|secret santa|spoilers|ending|crush|exam|answers) NEAR/10 not to tell'],
    ],
    ['(my|her|his) online (boyfriend|girlfriend)', 2],
    ['sneak~ out NEAR/8 (meet him|meet her|meet up|boyfriend|girlfriend|older|man|guy|online)', 2],
    [
      '(private|secret) (server|chat|account|group|app) NEAR/6 (just us|just me and you|just you and me|no one else|nobody else|only us|just the two of us|us two)',
      3,
      ['(minecraft|build|smp|survival|project|homework|revision) NEAR/6 (server|chat|group)'],
    ],
    // Sextortion: pictures to be shared unless more are sent.
    [
      '(leak~|post~|share~|send~|expose~|show~) (my|your|her|his) (nudes|pictures|photos|videos|snaps) NEAR/8 (if i do not|if you do not|unless i|unless you|or else|send more|pay him|pay her|pay them)',
      5,
    ],
    [
      '(asked|asks|asking|wants|wanted|told|keeps asking|makes|made) me (to go on|to get on|to turn on|go on|turn on) (cam|camera|webcam|facetime|video)',
      3,
      [
        '(lesson|class|teams|zoom|google meet|teacher|miss|sir|homework|tutor|revision|project) NEAR/8 (cam|camera|webcam|video|facetime)',
      ],
    ],
    [
      '(sending|sent|sends|send~) me NEAR/4 (pictures|picture|photos|photo|videos|video|snaps) of (his|her) (privates|private parts|dick|willy|bits|junk)',
      4,
    ],
    [
      '(older|adult|grown) (guy|man|lad|bloke|woman) NEAR/8 (pick me up|meet me|meet up|come over|picks me up|my address|where i live)',
      3,
    ],
    // What he said I was.
    [
      '(says|said|say|told me|tells me|thinks|called me|calls me|keeps saying) NEAR/5 (mature|grown up|pretty|beautiful|hot|sexy|fit|developed|cute|gorgeous|stunning|older|advanced) for my age',
      3,
      [
        '(teacher|teachers|miss|sir|report|parents evening|nan|gran|grandma|grandad|mum|dad|aunt|auntie|coach|doctor|tutor|head) NEAR/8 for my age',
      ],
    ],
    // A stranger from a game or app, and what he wanted.
    [
      '(guy|man|lad|someone|adult|older) (from|on) (roblox|fortnite|discord|tiktok|insta|xbox|online|omegle|yubo|wizz|a game) NEAR/12 (my snap|my number|where i live|my age|how old|meet|pictures|secret|robux|facetime|alone|mature)',
      3,
    ],
    // What he asked for, as the pupil reports it.
    [
      '(asked|asks|asking|ask|wants|wanted|told|tells|begged|begging|pressured|pressuring|made|keeps asking|kept asking) me (to send|for|to take|to show) NEAR/4 (' +
        MEDIA.slice(1, -1) +
        '|nudes|nudies|my body|myself)',
      3,
      [
        '(homework|notes|answers|sheet|worksheet|work|timetable|dog|cat|puppy|kitten|trip|holiday|cake|food|garden|house|view|slides|revision|essay|project|class|lesson|drawing|art) NEAR/6 ' +
          MEDIA,
      ],
    ],
    [
      MEDIA +
        ' NEAR/3 (in|wearing) (my|your|a|the) (school uniform|uniform|underwear|bikini|bra|pyjamas|pjs|swimsuit|swimming costume|towel|nightie|leggings|tights|skirt)',
      3,
      ['(yearbook|prom|non uniform|school photo|passport|pe kit|shop|website|new) NEAR/6 ' + MEDIA],
    ],
    [
      '(without|with no) [my|your|a|any] (top|shirt|clothes|bra|pants|knickers|underwear|bottoms) NEAR/6 (pictures|picture|photo|photos|video|videos|send|show|cam|camera|facetime|snap)',
      3,
    ],
    // Gifts in return for pictures or meeting.
    [
      GIFTS +
        ' NEAR/8 (if i|if you|if we) (send|sent|show|meet|met|video call|facetime|delete|take pics|take a pic|turn on my camera|strip|do not tell|keep it secret|keep quiet|go on cam)',
      3,
    ],
    // Questions a groomer asks.
    [
      '(asked|asks|asking|wants to know|wanted to know|keeps asking) [me] what (i am|i was|you are) wearing',
      3,
      [
        'wearing (to|for) (prom|the party|the disco|the wedding|school|non uniform|the prom|the formal|the dance|her party|his party|the match|the trip|the show|the concert|the gig|church|the funeral)',
      ],
    ],
    [
      '(asked|asks|asking|keeps asking|wants to know) [me] (if|whether) (i am|i was|you are) (home alone|alone|on my own|by myself)',
      3,
      [
        '(mum|mom|dad|parents|nan|gran|teacher|police|social worker|neighbour) NEAR/6 (asked|asks|asking|checking|checks)',
      ],
    ],
    [
      '(asked|asks|asking|wants to know|wanted to know|keeps asking) [me] (my age|how old i am|where i live|my address|what school i go to|my postcode|where i go to school) NEAR/10 (meet|meet up|link|link up|pick me up|come round|come over|pics|pictures|snap|snapchat|secret|alone|do not tell|address|where i live|how old i am|my age|my school|what school)',
      3,
    ],
    // An adult's age beside meeting, dating or secrets.
    [
      '(he is|she is|man is|guy is) [like|over] ' +
        ADULT_AGE +
        ' NEAR/12 (meet|meet up|come over|pick me up|secret|date|dating|loves me|boyfriend|girlfriend|do not tell|pictures|snap)',
      3,
    ],
    // Parents who would not understand us; deleting so nobody finds out.
    [
      '(mum|mom|dad|parents|family|they|nobody|no one|people) (would not|will not|do not|does not|could not|would never|will never) (understand|get it|get us|approve|accept us) NEAR/10 (loves me|love you|in love|relationship|boyfriend|girlfriend|secret|special|age gap|dating|about us|what we have|us two)',
      3,
    ],
    [
      '(delete~|deleting|wipe~|unsend|clear~|our chats|our messages|our secret|telegram|whatsapp|snap|private) NEAR/10 so (nobody|no one|noone|your parents|your mum|your dad|my mum|my parents|my dad|the mods|mods) (finds out|find out|sees|knows|can see|will know|will find out|catches|catch)',
      3,
    ],
  ],
  'sexual-content': [
    ['(nakes|nakeds|nakies|nakey pics|nakey pictures)', 3],
    [
      '(dm|message|snap|add|text|pm|hmu) me (for|4) NEAR/3 (aubergine|peach|dick|nude|naughty|spicy|private|sexy|nsfw|lewd|explicit) (pictures|picture|videos|video|content|snaps|photos)',
      3,
    ],
    // A censored site name: p*rnhub reads as "p rnhub".
    ['(p rnhub|prnhub|p rn hub|porn hub|p rn site|p rn sites)', 3],
  ],
  hate: [
    [
      '(trans people|trans women|trans men|gays|gay people|immigrants|migrants|muslims|jews|black people|refugees|travellers|gypsies|disabled people) (are not|are no|will never be) (real|human|people|welcome|real people|normal)',
      3,
    ],
    [
      '(send|sending|sent|put|ship) (them|all of them|em|them all) back (on|in) (the|a|their) (boats|boat|dinghy|dinghies)',
      3,
    ],
    // White-power numbers and slogans (hostility to people for who they are; extremism has them too).
    [
      '(1488|14 88|whitepower|white power|white pride|whitepride|white pride world wide|wpww|white lives matter|ok to be white|okay to be white)',
      3,
      ['white power NEAR/3 (ranger|rangers|morphin|up)', 'white pride NEAR/3 (rose|roses|flower|flowers)'],
    ],
    [
      '(curry muncher|curry munchers|ching chong|ching chang chong|chinky|chinkies|sand nigger|sand niggers|camel jockey|camel jockeys|goat shagger|goat shaggers|golliwog|gollywog|jungle bunny|bog trotter|window licker|window lickers|spacker|spastic)',
      3,
    ],
    [
      '(smelly|dirty|stinking|filthy) (indian|indians|pakistani|pakistanis|gypsy|gypsies|romanian|romanians|pole|poles|immigrant|immigrants|foreigner|foreigners|arab|arabs|muslim|muslims|jew|jews)',
      3,
    ],
  ],
  extremism: [
    [
      '(jews|the jews|zionists|globalists|the globalists|the elites) NEAR/4 (behind everything|behind it all|run the world|control the world|control the media|replacing us|replace us)',
      3,
      [STUDY + ' NEAR/10 (jews|zionists|globalists|elites)'],
    ],
    ['fight (for|4) (white people|the white race|our race|whites|the race|our people|our kind)', 4],
    [
      '(do|doing|copy|copying|repeat) (what|like|wat) (tarrant|breivik|elliot rodger|dylann roof|the christchurch shooter|the columbine shooters|columbine) (did|done)',
      5,
    ],
    ['(do|pull|doing) (a|another) columbine', 5],
    // Sympathy for extremists and their attackers.
    [
      EXTREMISTS +
        ' NEAR/8 (make good points|makes good points|made good points|good points|has a point|have a point|had a point|makes sense|make sense|made sense|right about|agree with|was right|were right|inspiring|inspired me|based|heroes|hero|legend|legends|did nothing wrong|redpilled|red pilled)',
      3,
      [STUDY + ' NEAR/10 ' + EXTREMISTS],
    ],
    [
      '(watching|watched|watch|sharing|shared|downloaded|download|saved) NEAR/3 (isis|daesh|beheading|jihadi|nazi|tarrant|christchurch|mosque shooting) (videos|video|vids|footage|livestream|stream|manifesto|propaganda)',
      3,
      [STUDY + ' NEAR/10 (videos|video|vids|footage|livestream|stream|manifesto|propaganda)'],
    ],
    // Taking the country back by force.
    [
      '(take|taking|took|reclaim~) (our|this|britain|england|the) [country|land|nation] back NEAR/8 (force|fight|fighting|war|violence|blood|guns|kill|any means|whatever it takes|armed|uprising)',
      4,
    ],
    ['(hail|heil) (hitler|hitla|adolf|victory|the fuhrer|führer)', 4],
  ],
};

/** Exceptions added to earlier rounds' rules (keyed by the rule's phrase as written in defaultLibrary.ts). */
export const round4Exceptions = new RoundExceptions({
  // "the wifi wants to die", "my phone wanted to die": things, not people.
  '(wanted|wants|wanting) to die': [
    '(wifi|phone|laptop|battery|computer|pc|internet|charger|xbox|ps5|printer|car|tv|console|controller|headphones|airpods|tablet|ipad|chromebook|router|brain|braincell|brain cell|plant|plants|game) NEAR/3 (wanted|wants|wanting) to die',
  ],
  // "ur such a loser at fifa".
  '(you are|your|you) [so|such a|a|an|a total|an absolute|a fat|a stupid|an ugly|a little|a dirty|a pathetic|a big|just a] (worthless|pathetic|disgusting|waste of space|freak|loser|nothing|joke|weirdo|cow|pig|failure|mistake|nobody|fat cow|fat pig|fat loser|ugly loser)':
    ['(loser|joke) NEAR/4 ' + GAMES],
  // "i wanna sleep forever its saturday": a lie-in.
  '(want~|going) to (disappear|sleep) (forever|and never wake up)': [
    '(saturday|sunday|weekend|lie in|half term|holidays|christmas|no alarm) NEAR/6 sleep forever',
  ],
  '(want~|wish|going|ready|like) to (go to sleep|fall asleep|sleep|disappear|vanish) (forever|for ever|for good|and never come back)':
    ['(saturday|sunday|weekend|lie in|half term|holidays|christmas|no alarm) NEAR/6 sleep (forever|for ever)'],
  // "he made himself sick eating all those sweets": too much, not on purpose.
  'make~ (myself|yourself|herself|himself) (sick|throw up|vomit|puke)': [
    '(eating|ate|sweets|chocolate|laughing|crying|worry|worrying|nerves|stress|spinning|rollercoaster|too much) NEAR/6 (sick|throw up|vomit|puke)',
  ],
  // "shes such a loser at uno": a game, not a person.
  '(she is|he is|they are|shes|hes) (such a|a|so|a total|an absolute) (loser|freak|weirdo|waste of space|fat cow|fat pig|failure)':
    ['loser NEAR/4 ' + GAMES],
  // "roast me in the gc i dare u": asked for, not done to.
  '(group chat|gc|page|account) NEAR/4 (make fun of|hate on|roast|expose|mock) (her|him|them|you|me)': [
    '(roast|expose|mock) me NEAR/5 (i dare|dare you|go on|go ahead|please|try me|bet you|if you can|challenge)',
  ],
  // "got a godly knife in mm2": Murder Mystery 2's trading.
  '(has|have|got|getting|get|give~|lend~|sell~|hold~|hid|hide~|hiding|keep~|kept|carry~|carrying|bring~|brought) NEAR/3 (gun|guns|strap|straps|shotgun|rifle|pistol|handgun|firearm|knife|knives|blade|blades|shank|shanks|nank|machete|zombie knife|flick knife|taser|knuckle duster|knuckle dusters|crossbow|axe)':
    [
      '(mm2|murder mystery|godly|godlies|chroma|ancient|trade|trading|skin|skins|roblox|csgo|cs2|counter strike|case|unboxed|inventory) NEAR/6 (gun|guns|knife|knives|blade|blades|shotgun|rifle|pistol|axe|crossbow)',
    ],
  // "she stabbed me in the back": the idiom.
  'stab~': [
    '(stab~|stabbed) (me|him|her|them|you|us|everyone) in the back NEAR/8 (told|tell|telling|friend|friends|crush|secret|snake|after everything|bestie|mate)',
  ],
});
