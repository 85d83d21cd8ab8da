'use strict';
// Lets plain `node` scripts require this library's TypeScript sources, compiled by SWC with the build's
// module settings (CommonJS, import() left alone so ESM-only aedes still loads).
const fs = require('node:fs');
const { transformSync } = require('@swc/core');

const options = {
  swcrc: false,
  sourceMaps: 'inline',
  jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
  module: { type: 'commonjs', ignoreDynamic: true },
};

require.extensions['.ts'] ??= (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), { ...options, filename });
  module._compile(code, filename);
};
