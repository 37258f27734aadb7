'use strict';
// The compiled addon (node-gyp rebuild at install).
// eslint-disable-next-line @typescript-eslint/no-require-imports
module.exports = require('./build/Release/peer_credentials.node');
