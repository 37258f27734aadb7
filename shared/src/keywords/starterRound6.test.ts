import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { round6Exceptions } from './starterRound6.js';

/*
 * Round 6 of the starter library (starterRound6.ts). Its rules were written from blind-7.tsv and blind-8.tsv (scored
 * in blindSets.test.ts); the lines here are a probe of other ways of saying the same things (other words, persons,
 * languages' inflections) and harmless near misses, written by the rules' author after the rules and before any fix
 * they led to (probe 1 scored 52/58 risk caught, 1/30 false alarms before its fixes; probe 2 below). A regression check of the families, not an honest estimate.
 */

const matcher = new KeywordMatcher([starterKeywordLibrary()]);
const categoriesOf = (text: string) => new Set(matcher.match(text).map((m) => m.category));

const risk: [category: string, text: string][] = [
  ['suicide', 'letters are written for everyone, saturday will be the day'],
  ['suicide', 'i have chosen friday as the date'],
  ['suicide', 'i just want to say sorry to everyone before i go'],
  ['suicide', 'is there a tall bridge near me with no railings'],
  ['suicide', 'how high does a building have to be to die from the fall'],
  ['suicide', 'what happens when you overdose on sleeping pills'],
  ['suicide', 'how much paracetamol would kill a 14 year old'],
  ['suicide', 'mum would honestly be happier if i was not here'],
  ['suicide', 'sochta hoon khudkushi kar loon'],
  ['suicide', 'main ab marna chahunda haan'],
  ['suicide', 'weithiau dwi ddim isio byw'],
  ['suicide', 'chciałabym umrzeć i mieć spokój'],
  ['self-harm', 'cat scratches again tw'],
  ['self-harm', 'sh update: relapsed last night'],
  ['self-harm', 'did the thing with the blade again'],
  ['self-harm', 'popped the blade out of a razor'],
  ['self-harm', 'her legs are covered in cuts from self harming'],
  ['self-harm', 'does cutting your thigh leave a scar'],
  ['self-harm', 'where can i get blades without id'],
  ['self-harm', 'tnę się od roku'],
  ['self-harm', 'dwi wedi bod yn llosgi fy hun'],
  ['bullying', 'no wonder ur dad walked out on you'],
  ['bullying', 'shared the pic of her in the showers with the whole year'],
  ['bullying', 'vote for the ugliest girl in year 10'],
  ['bullying', 'lets make everyone hate him'],
  ['bullying', 'oni mnie wyzywają codziennie'],
  ['bullying', 'maen nhw yn fy mwlio bob dydd'],
  ['grooming', 'the app monitors messages, add me on wickr so its private'],
  ['grooming', 'put your webcam on and show me what youre wearing'],
  ['grooming', 'ill get you a gift card if you show me a little more'],
  ['grooming', 'he gave me a second phone to text him on in secret'],
  ['grooming', 'he keeps begging me not to tell anyone about us'],
  ['grooming', 'ma 25 lat i chce się spotkać w sekrecie'],
  ['drugs', 'loud and gas on deck, delivery only'],
  ['drugs', 'in stock: carts and wax, crypto only'],
  ['drugs', 'sippin lean all weekend'],
  ['drugs', 'charas chahiye kal tak'],
  ['weapons', 'carrying a knif from now on'],
  ['weapons', 'strap in the waistband, pull up then'],
  ['weapons', 'mass shooters are heroes honestly'],
  ['weapons', 'przyniosę jutro nóż'],
  ['weapons', 'bandook le ke aaunga school'],
  ['eating-disorders', 'anyone want to be my ana buddy'],
  ['eating-disorders', 'only eating 400 calories until summer'],
  ['eating-disorders', 'lowest calories you can eat a day without fainting'],
  ['eating-disorders', 'chewing and spitting out my dinner again'],
  ['eating-disorders', 'od poniedziałku nic nie jem'],
  ['sexual-content', 'he keeps asking for photos without my bra on'],
  ['sexual-content', 'found a live cam chat with strangers, 18 plus only lol'],
  ['sexual-content', 'horny rn dm me'],
  ['hate', 'the roma are all criminals'],
  ['hate', 'jews control the media and the banks'],
  ['hate', 'muzułmanie to pasożyty'],
  ['extremism', 'violence is the only answer now'],
  ['extremism', 'national action are recruiting in our area'],
  ['extremism', 'the great replacement is real'],
  ['extremism', 'totenkopf pfp, 1488 brothers'],
  ['extremism', 'rhyfel hil nawr'],
  // Exceptions are matched inside words: none of these may be quieted by one ("both" is not "bot", "believe" not
  // "lie", "want" not "ant", "overdose" not "dose", "promise" not "prom", "worse" not "rse").
  ['suicide', 'my cousin suicided last year, both of us were close'],
  ['hate', 'i believe jews control everything'],
  ['suicide', 'i want to know how high a building has to be to die'],
  ['suicide', 'how many paracetamol does it take to overdose'],
  ['grooming', 'i promise, turn your cam on and show me what youre wearing'],
  ['extremism', 'the system must fall, its only getting worse'],
  ['self-harm', 'doesnt matter, did more cat scratches'],
  // An older exception fixed this round: round 4's plug rule had "in" (inside "something", "looking").
  ['drugs', 'anyone got the plug, need something for tonight'],
  ['drugs', 'who has the plug im looking for some'],
];

const harmless = [
  'we did a suicide prevention lesson, who could you tell if a friend was struggling',
  'before i go out ill text you',
  'write a letter to your headteacher for english homework',
  'highest building in the uk geography quiz',
  'what happens to your body when you drown lifeguard course',
  'how many ibuprofen can i take for period pain',
  'my cat scratched me when i tried to bath her',
  'cat scratch fever is a real disease',
  'getting the blade out of the lawnmower with my dad',
  'i do it with the razor, not wax, for my legs',
  'burnt myself with the hot glue gun in dt',
  'rate the ugliest pokemon ever',
  'the villain makes everyone hate the hero in the book',
  'this app saves messages for your safety, says the privacy policy',
  'we talked in secret about the surprise party for miss',
  'selling cookies at the bake sale, dm me',
  'got a boost in ranked, delivery of skins tomorrow',
  'snow is forecast, school might close',
  'my ramadan fasting buddy is my sister',
  'zero calorie jelly is nice',
  'sexting lesson in pshe today',
  'the history lesson on antisemitism and the myth that jews control banks',
  'my 13/50 mark in the mock was terrible',
  'the solar system must have formed from dust',
  'we accelerate the trolley down the ramp in physics',
  'rainbow six siege ranked tonight',
  'carrying the team from now on lol',
  'przyniosę jutro ciasto do szkoły',
  'nie jem mięsa od roku',
  'maen nhw yn dweud fy mod i yn dal',
];

/*
 * Probe 2: written after the fixes probe 1 led to, in yet other words (goodbyes said, being done, a bridge at night,
 * the group agreeing to ignore her, the plug's menu, not feeling hungry, Roman Urdu "should die", Polish "a knife in
 * my backpack"). Before the rules it led to: 80.0 % recall (48/60), 4.0 % false alarms (1/25: "sh update").
 */
const risk2: [category: string, text: string][] = [
  ['suicide', 'ive said my goodbyes, tonight im done'],
  ['suicide', 'everything is sorted for when im gone, my cat goes to my aunt'],
  ['suicide', 'whats the most painless way to go'],
  ['suicide', 'how long does it take to die from hanging'],
  ['suicide', 'is the humber bridge open at night for walkers'],
  ['suicide', 'gave away my stuff today, wont need it soon'],
  ['suicide', 'i dont see myself being alive next year'],
  ['suicide', 'kms fr this time no joke'],
  ['suicide', 'mujhe mar jana chahiye'],
  ['suicide', 'zindagi se tang aa gaya hoon, khatam karna hai sab'],
  ['suicide', 'Dwi isie marw weithiau'],
  ['suicide', 'Chcę się zabić, nie daję rady'],
  ['self-harm', 'got some new cat scratches to hide before pe'],
  ['self-harm', 'relapsed last night, 3 months clean gone'],
  ['self-harm', 'how to hide cuts on your wrist from parents'],
  ['self-harm', 'how deep is too deep for a cut'],
  ['self-harm', 'need my blades back, they found my stash'],
  ['self-harm', 'i keep hitting myself when i get angry'],
  ['self-harm', 'Ciąłem się znowu, nikt nie wie'],
  ['self-harm', 's/h again lol'],
  ['bullying', 'everyone in the gc agreed to ignore her from monday'],
  ['bullying', 'make a fake account and post her secrets'],
  ['bullying', 'no one will ever love you with that face'],
  ['bullying', 'wyzywają mnie od grubasów'],
  ['bullying', 'you should just kill urself honestly nobody would care'],
  ['grooming', 'he says im really mature for 13 and wants to meet'],
  ['grooming', 'delete our chats after you read them ok'],
  ['grooming', 'he sends me money on cashapp and asks for pics'],
  ['grooming', 'this guy on roblox wants my snap and my address'],
  ['grooming', 'dont tell ur mum bout me she wont get it'],
  ['drugs', 'who got za for the weekend'],
  ['drugs', 'plug dropped the new menu, prices in bio'],
  ['drugs', 'anyone selling vapes with thc in them'],
  ['drugs', 'where to get ket near me'],
  ['drugs', 'sipping wok tonight'],
  ['drugs', 'bhai ganja chahiye, koi hai'],
  ['weapons', 'im gonna bring my brothers knife to school tomorrow'],
  ['weapons', 'he got a shank in his bag'],
  ['weapons', 'where can i buy a zombie knife online under 18'],
  ['weapons', 'Mam nóż w plecaku'],
  ['weapons', 'gonna wet him up after school'],
  ['eating-disorders', 'i only had water today and im proud'],
  ['eating-disorders', 'how to make yourself sick after eating'],
  ['eating-disorders', 'tips to stop feeling hungry'],
  ['eating-disorders', 'need to lose 5kg before the trip by not eating'],
  ['eating-disorders', 'ana tips pls'],
  ['eating-disorders', 'Nie jem nic, chcę schudnąć'],
  ['sexual-content', 'send me a pic in your underwear'],
  ['sexual-content', 'he showed me porn on his phone at break'],
  ['sexual-content', 'hes sharing nudes of her on snap'],
  ['sexual-content', 'who wants to see my n00dz'],
  ['hate', 'pakis should go back to where they came from'],
  ['hate', 'gays are disgusting and shouldnt be allowed'],
  ['hate', 'all muslims are terrorists'],
  ['hate', 'the j3ws run everything'],
  ['extremism', 'brenton tarrant did nothing wrong'],
  ['extremism', 'how to join the national front'],
  ['extremism', 'white lives matter and we need to fight for our race'],
  ['extremism', 'day of the rope is coming'],
  ['extremism', 'reading the great replacement made me wake up'],
];

const harmless2 = [
  'gonna go to bed before i go crazy with this homework',
  'my cat scratched my arm when i tried to pick her up',
  'sh update: the school hall is closed',
  'selling my old xbox games dm me',
  'what happens to your body when you sleep',
  'highest mountain in the uk is ben nevis',
  'how many calories in a banana',
  'the skinny jeans are on sale',
  'she chews gum and spits it out in the bin',
  'our school has a knife amnesty bin',
  'the police report said the knife was found in the park',
  'rate my outfit for the disco',
  'my mum and dad would be so proud if i passed',
  'that song is gas fr',
  'the snow is so deep we cant go out',
  'my bike has a boost mode',
  'the school is accelerating the reading programme',
  'we learnt about the siege of leningrad',
  'i decided friday is the day for the match',
  'he wrote a letter to the council about the park',
  'my brother is carrying my bag to school',
  'worksheet: explain why people might use drugs',
  'lesson on county lines and exploitation today',
  'the nude colour nail polish is nice',
  'we did an assembly on sexting and the law',
];

/*
 * Probe 3: written after probe 2's rules, in still other words (the day chosen without "decided", a note left to be
 * found, the best place to jump, hiding a burn from a parent, a group chat named to hate someone, delete everything,
 * a quantity of loud, "the ting", they steal our jobs, Polish and Roman Urdu again) and harmless lines beside them.
 * Before the rules it led to: 60.4 % recall (29/48), 25.0 % false alarms (5/20: four of them round 6's own rules,
 * "my mum bought me a new phone", "active club after school", "decided friday is the day we get the decorations
 * up", "the game records chat for moderation"), the clearest sign that this round's rules carry less far than its
 * in-sample figures say.
 */
const risk3: [category: string, text: string][] = [
  ['suicide', 'i know which day im going to do it now, its all planned'],
  ['suicide', 'i left a note under my pillow for mum to find'],
  ['suicide', 'what happens if you jump off a multi storey car park'],
  ['suicide', 'how long does it take to bleed out'],
  ['suicide', 'best place to jump from in london'],
  ['suicide', 'gonna unalive myself this weekend fr'],
  ['suicide', 'bas ab aur nahi jeena'],
  ['suicide', 'mainu hun jeena nahi aunda, mar jaana chaunda'],
  ['suicide', 'Dw i eisiau marw, does neb yn poeni'],
  ['suicide', 'Myślę o tym, żeby się zabić'],
  ['self-harm', 'cat scratches are back, 2 weeks clean ruined'],
  ['self-harm', 'what to put on a burn so my mum doesnt notice'],
  ['self-harm', 'is it bad to cut on your stomach instead of your arm'],
  ['self-harm', 'Znowu się okaleczyłam'],
  ['self-harm', 'my s.h. is getting worse'],
  ['bullying', 'someone made a group chat called we hate jess'],
  ['bullying', 'they keep putting my photo on the wall with fat written on it'],
  ['bullying', 'Nikt ze mną nie rozmawia, wszyscy się ze mnie śmieją'],
  ['bullying', 'kisi ko nahi pasand tu, nikal ja school se'],
  ['grooming', 'a man on insta said hell pay me to send pics'],
  ['grooming', 'he wants to pick me up from school and said not to tell my parents'],
  ['grooming', 'he made me promise to delete everything'],
  ['grooming', 'On ma 28 lat i prosi o zdjęcia'],
  ['drugs', 'snow and boost available, delivery till late'],
  ['drugs', 'who wants to split a q of loud'],
  ['drugs', 'purple drank tonight at tylers'],
  ['drugs', 'xans for sale, 2 for a tenner'],
  ['drugs', 'how long does ket stay in your system for a drug test'],
  ['weapons', 'got my uncles machete in my bag'],
  ['weapons', 'im gonna shank him after school'],
  ['weapons', 'bringin the ting 2 skl, tell him pull up'],
  ['weapons', 'Mam w plecaku nóż, jutro ktoś oberwie'],
  ['eating-disorders', 'how to hide not eating from my parents'],
  ['eating-disorders', 'whats the fastest way to lose 10kg in a week'],
  ['eating-disorders', 'ana coach needed, strict only'],
  ['eating-disorders', 'i purge after every meal now'],
  ['eating-disorders', 'Nie jadłam od dwóch dni i jestem z siebie dumna'],
  ['sexual-content', 'he sent me a dick pic on snap'],
  ['sexual-content', 'trade nudes? send first'],
  ['sexual-content', 'Wysłał mi nagie zdjęcia'],
  ['hate', 'the roma kids are dirty and smell'],
  ['hate', 'Polish people should be deported they steal our jobs'],
  ['hate', 'just noticing patterns 13/50'],
  ['hate', 'Wszyscy uchodźcy to śmiecie'],
  ['extremism', 'active club training this sunday, white men only'],
  ['extremism', 'the turner diaries is a blueprint, read it'],
  ['extremism', 'we need a race war to save our country'],
  ['extremism', 'ted k was right about everything'],
];

const harmless3 = [
  'we took notes for the history test',
  'the bridge at night is so pretty with the lights',
  'my cat scratches my door every morning',
  'boost juice is my favourite smoothie place',
  'the music is so loud in the canteen',
  'we made purple slime in science',
  'my mum bought me a new phone for my birthday',
  'dm me for the menu of the bake sale',
  'the knife crime assembly was really sad',
  'she only ate half her lunch because she was full',
  'sending pictures of the trip to nan',
  'the roma exhibition at the museum was good',
  'active club is on thursday after school for sports',
  'we read about the siege of troy',
  'she left a note for the teacher saying she was ill',
  'decided friday is the day we get the decorations up',
  'the game records chat messages for moderation, read the rules',
  'how to stop feeling hungry between lunch and dinner',
  'nie jem mięsa, jestem wegetarianką',
  'dwi isio mynd adre',
];

/*
 * Probe 4: hard negatives first (30 harmless lines beside round 6's rules: notes about a trip, a coat on a radiator,
 * a cat's scratch on a hand, a fence, a dad who left early, an uncle's Christmas phone, a guitar carried to school, a
 * trend discussed in PSHE, a bag of green apples) and 12 risk lines. Before the fixes it led to: 66.7 % recall
 * (8/12), 36.7 % false alarms (11/30, nine of them round 6's own rules). Left as they are, and not held here: "need
 * fresh blades, my old ones are blunt from use" (missed: shaving says the same) and "pictures without a shirt on at
 * the beach in spain with my family" (an older grooming rule fires).
 */
const risk4: [category: string, text: string][] = [
  ['suicide', 'i have chosen the date and written my letters'],
  ['suicide', 'whats the quickest way to go without pain'],
  ['self-harm', 'my arms are full of cat scratches again lol'],
  ['bullying', 'lets all ignore him till he leaves'],
  ['grooming', 'he wants to video call when my parents are out'],
  ['drugs', 'got that gas, hmu'],
  ['weapons', 'bringing my dads knife in tomorrow for protection'],
  ['eating-disorders', '1 meal a day until i see my ribs'],
  ['sexual-content', 'he keeps sending me porn links'],
  ['hate', 'roma are all beggars and thieves'],
  ['extremism', 'join patriot alternative, link in bio'],
];

const harmless4 = [
  'i wrote notes for my mum and dad about the school trip',
  'before i go, does anyone want anything from the shop',
  'what happens if you hang your coat on the radiator',
  'how many tablets is the nintendo bundle',
  'my dad would be happier if i was not on my phone all the time',
  'the cat scratch on my hand is healing',
  'sh update from the school office: trips are on',
  'i do it with the blade on the craft knife in art class',
  'scars from cutting myself on the fence are fading',
  'no wonder your dad left early, the traffic was awful',
  'post the video of him scoring the winning goal',
  'rate the ugliest cars ever made',
  'the game logs chat for safety so be nice',
  'my uncle bought me a new phone for christmas so we can text',
  'the loud music in the gym drops at 3pm',
  'snow and boost your mood with a walk',
  'im carrying my guitar to school every day now',
  'the school shooting in the film was hard to watch',
  'fasting buddy for ramadan needed',
  'zero calorie challenge is a tiktok trend we discussed in pshe',
  'horny toad facts for my science project',
  'the roma people have a long history in europe, essay',
  '13/50 in the spelling test',
  'violence is never the answer',
  'take up arms was a phrase used in the civil war',
  'the turner prize exhibition',
  'accelerate your learning with this revision guide',
  'ted talk about mental health',
  'a bag of green apples from the shop',
];

describe('round 6 of the starter library', () => {
  it('adds its exceptions to rules that still exist (a rule rewritten elsewhere must be re-keyed here)', () => {
    expect(starterKeywordLibrary().phrases.length).toBeGreaterThan(0);
    expect(round6Exceptions.unused()).toEqual([]);
  });

  it('keeps a lesson quiet but not a pupil who says it beside one', () => {
    expect(matcher.match('PSHE worksheet: signs that a friend might be thinking about suicide')).toEqual([]);
    expect([...categoriesOf('i want to kill myself, we did a PSHE lesson on suicide today')]).toContain('suicide');
    expect(matcher.match('Wellbeing worksheet: what is self-harm?')).toEqual([]);
    expect([...categoriesOf('what is self harm going to fix, i cut again last night')]).toContain('self-harm');
  });

  it.each(risk)('%s: %s', (category, text) => {
    expect([...categoriesOf(text)]).toContain(category);
  });

  it.each(harmless)('stays quiet: %s', (text) => {
    expect(matcher.match(text).map((m) => `${m.category}: ${m.phrase}`)).toEqual([]);
  });
  it.each(risk2)('probe 2, %s: %s', (category, text) => {
    expect([...categoriesOf(text)]).toContain(category);
  });

  it.each(harmless2)('probe 2 stays quiet: %s', (text) => {
    expect(matcher.match(text).map((m) => `${m.category}: ${m.phrase}`)).toEqual([]);
  });
  it.each(risk3)('probe 3, %s: %s', (category, text) => {
    expect([...categoriesOf(text)]).toContain(category);
  });

  it.each(harmless3)('probe 3 stays quiet: %s', (text) => {
    expect(matcher.match(text).map((m) => `${m.category}: ${m.phrase}`)).toEqual([]);
  });
  it.each(risk4)('probe 4, %s: %s', (category, text) => {
    expect([...categoriesOf(text)]).toContain(category);
  });

  it.each(harmless4)('probe 4 stays quiet: %s', (text) => {
    expect(matcher.match(text).map((m) => `${m.category}: ${m.phrase}`)).toEqual([]);
  });
});
