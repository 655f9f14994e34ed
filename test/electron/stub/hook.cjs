const Module = require('module');
const path = require('path');
const orig = Module._resolveFilename;
Module._resolveFilename = function (req, ...rest) {
  if (req === 'electron') return path.join(__dirname, 'electron-stub.cjs');
  return orig.call(this, req, ...rest);
};
