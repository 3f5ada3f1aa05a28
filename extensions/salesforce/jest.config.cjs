// CommonJS on purpose: Jest 29 loads an ES-module config through Node 22+'s require(esm) and then
// reads the module namespace instead of its default export.
const path = require('node:path');
const { inPackage, loadProject } = require('./jest-project.cjs');

loadProject();
const { jestConfig } = inPackage(() => require('@salesforce/sfdx-lwc-jest/config'));

module.exports = {
  ...jestConfig,
  rootDir: __dirname,
  roots: [path.join(__dirname, 'force-app')],
  resolver: path.join(__dirname, 'jest-resolver.cjs'),
};
