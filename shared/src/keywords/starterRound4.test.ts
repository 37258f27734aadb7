import { describe, expect, it } from 'vitest';
import { starterKeywordLibrary } from './defaultLibrary.js';
import { KeywordMatcher } from './KeywordMatcher.js';
import { round4Exceptions } from './starterRound4.js';

const STARTER_LIBRARY = starterKeywordLibrary();

/*
 * Round 4 of the starter library (starterRound4.ts). Its rules were written from blind-5.tsv (scored in
 * blindSets.test.ts); the lines here are other ways of saying the same things, and harmless near misses, written by
 * the rules' author after the rules: a regression check of the families, not an honest estimate.
 */

const matcher = new KeywordMatcher([STARTER_LIBRARY]);
const categoriesOf = (text: string) => new Set(matcher.match(text).map((m) => m.category));

const risk: [category: string, text: string][] = [
  ['grooming', 'this man on fortnite keeps asking how old i am and if i want to meet'],
  ['grooming', 'he told me im so grown up for my age and not like other girls'],
  ['grooming', 'she asked whether im on my own and wanted to facetime'],
  ['grooming', 'he said he would give me 50 quid if i send him a video'],
  ['grooming', 'hes like 30 and wants me to be his girlfriend'],
  ['grooming', 'he keeps asking me for pics of my body'],
  ['grooming', 'delete the messages so your mum never finds out'],
  ['grooming', 'he wanted a photo in my school uniform'],
  ['self-harm', 'my sister has fresh cuts all over her arms'],
  ['self-harm', 'he burns himself with a lighter'],
  ['self-harm', 'broke open a razor to get the blade out'],
  ['self-harm', 'my barcode is bleeding through my sleeve'],
  ['self-harm', 'wczoraj znowu się pocięłam'],
  ['bullying', 'ur gonna get jumped after school'],
  ['bullying', 'they shared videos of me crying in the group chat'],
  ['bullying', 'they made a group chat without me and talk shit about me'],
  ['drugs', 'who is bringing pingers to the rave'],
  ['drugs', 'snorted a line at the party'],
  ['drugs', 'popped a xanny before school'],
  ['weapons', 'theres a knife in the toilets at school'],
  ['weapons', 'man is strapped on road'],
  ['weapons', 'keeps a skeng in his jacket'],
  ['eating-disorders', 'day 4 of not eating'],
  ['eating-disorders', 'zero calories today proud'],
  ['extremism', 'tarrant made some good points'],
  ['extremism', 'we need to take this country back by any means'],
  ['hate', 'white pride lads'],
  ['suicide', 'dwi isie marw'],
  ['suicide', 'my mate keeps saying she wants to kill herself'],
  ['suicide', 'he tried to hang himself last year'],
  ['suicide', 'i dont see a way out anymore'],
  ['eating-disorders', 'shes been starving herself for weeks'],
  ['self-harm', 'she showed me her cuts'],
  ['grooming', 'he said hed leak my nudes if i dont send more'],
  ['grooming', 'he asked me to go on cam'],
  ['grooming', 'an older guy wants to pick me up from school'],
  ['bullying', 'im gonna batter you'],
  ['bullying', 'everyone in the group chat is slagging me off'],
  ['weapons', 'pull up with the ting'],
  ['hate', 'send them back on the boats'],
  ['drugs', 'selling carts dm me'],
  ['suicide', 'i wanna go to sleep forever'],
  ['suicide', 'whats the easiest way to go without it hurting'],
  ['suicide', 'i wont be at school tomorrow or ever again'],
  ['suicide', 'gonna end it after my exams'],
  ['suicide', 'i dont wanna be here no more fr'],
  ['suicide', 'thinking abt unaliving tbh'],
  ['suicide', 'my friend texted me saying goodbye forever'],
  ['self-harm', 'been using my compass to scratch my arm'],
  ['self-harm', 'my arms are a mess again'],
  ['self-harm', 'wearing long sleeves so no one sees'],
  ['self-harm', 'sh urges r so bad tonight'],
  ['bullying', 'everyone ignores me and sits somewhere else'],
  ['bullying', 'they said theyd beat me up if i told'],
  ['bullying', 'shes telling everyone im a slag'],
  ['bullying', 'they keep tripping me in the corridor'],
  ['bullying', 'kys nobody would care'],
  ['drugs', 'anyone selling vapes with thc'],
  ['drugs', 'been smoking weed every day'],
  ['drugs', 'my older brother gets me to drop off packages for him'],
  ['drugs', 'who got the plug'],
  ['drugs', 'we got wasted on vodka before school'],
  ['weapons', 'gonna bring a blade tomorrow to sort him out'],
  ['weapons', 'hes going to shoot up the school'],
  ['weapons', 'got a knuckle duster for my birthday lol'],
  ['weapons', 'im bringing a 🔪 monday'],
  ['eating-disorders', 'i only had an apple today and i still feel huge'],
  ['eating-disorders', 'how do i stop eating for a week'],
  ['eating-disorders', 'i purge after every meal'],
  ['eating-disorders', 'i need to be under 40kg'],
  ['grooming', 'he said im his special girl and not to tell anyone'],
  ['grooming', 'a man on tiktok sent me money and wants pics'],
  ['grooming', 'my online bf is 19 and wants me to sneak out'],
  ['grooming', 'hes asking me to join a private server just us two'],
  ['sexual-content', 'he sent me porn on snap'],
  ['sexual-content', 'shes selling pics on onlyfans and shes 15'],
  ['sexual-content', 'someone airdropped a nude in class'],
  ['hate', 'i hate pakis'],
  ['hate', 'trans people arent real people'],
  ['hate', 'immigrants are ruining this country'],
  ['extremism', 'the jews are behind everything wake up'],
  ['extremism', 'join the group if you want to fight for white people'],
  ['extremism', 'im going to do what tarrant did'],
];

const harmless = [
  'my coach says im mature for my age',
  'the shop assistant asked how old i am for the energy drink',
  'mum asked if im home alone tonight',
  'what are you wearing to prom',
  'send pics of the trip to the gc',
  'someone on fortnite said gg',
  'my brother is 24 and lives in leeds',
  'she has scars on her arm from the dog bite',
  'he cut himself shaving this morning',
  'the barcode on my lunch card wont scan',
  'my sharpener broke can i borrow urs',
  'he is not ugly at all',
  'shes such a loser at uno lol',
  'you are getting battered by this rain',
  'posting pics of me and my bestie for her birthday',
  'made a group chat without her for her surprise party',
  'bringing pizza to the party saturday',
  'the dog sniffed the snow',
  'theres a knife in the kitchen drawer',
  'he is carrying the team in fortnite',
  'he has a nerf gun at the party',
  'coke zero has zero calories',
  'day 3 of fasting for ramadan',
  'hitler documentary for history homework',
  'the power rangers white power ranger',
  'i swear my phone wants to die',
  'got a godly knife in mm2',
  'she stabbed me in the back and told everyone my secret',
  'roast me in the gc i dare u',
  'hitler killed himself in a bunker',
  'he nearly killed himself laughing',
  'she hung herself upside down on the monkey bars',
  'the escape room had no way out',
  'he made himself sick eating all those sweets',
  'her scars from the operation are healing',
  'im gonna batter you at fifa',
  'my mum will slap you if you wake her up lol',
  'the teacher asked me to turn on my camera',
  'selling carts at the car boot sale',
  'he keeps sending me pics of his dog',
  'my older cousin will pick me up from school',
  'he asked me to go on facetime to help with homework',
  'this traffic is killing me',
  'i wanna sleep forever its saturday',
  'wearing long sleeves cos its cold',
  'everyone ignores the fire drill',
  'my brother drops off packages for amazon',
  'shoot me a message later',
  'the shoot for the school photos is tomorrow',
  'i only had an apple for breakfast',
  'my grandad sent me money for my birthday',
  'join my private server for the minecraft build',
  'sent me the film trailer on snap',
  'i hate doing homework',
  'the jews in ww2 history lesson',
];

describe('round 4 of the starter library', () => {
  it('adds its exceptions to rules that still exist (a rule rewritten elsewhere must be re-keyed here)', () => {
    expect(STARTER_LIBRARY.phrases.length).toBeGreaterThan(0);
    expect(round4Exceptions.unused()).toEqual([]);
  });

  it.each(risk)('%s: %s', (category, text) => {
    expect([...categoriesOf(text)]).toContain(category);
  });

  it.each(harmless)('stays quiet: %s', (text) => {
    expect(matcher.match(text).map((m) => `${m.category}: ${m.phrase}`)).toEqual([]);
  });
});
