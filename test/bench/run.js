// npm run bench (after npm run build): each suite prints its own throughput and ratios to a baseline measured
// in the same run. Speed targets live here, never in timed unit tests.
import { agentCostBench } from './agentCost.js';
import { deliveryBench } from './delivery.js';
import { domainSetBench } from './domainSet.js';
import { keywordBench } from './keywords.js';
import { urlBench } from './urls.js';

const only = process.argv[2];
if (!only || only === 'keywords') await keywordBench();
if (!only || only === 'urls') await urlBench();
if (!only || only === 'urls' || only === 'domains') await domainSetBench();
if (!only || only === 'delivery') await deliveryBench();
if (!only || only === 'agent') await agentCostBench();
