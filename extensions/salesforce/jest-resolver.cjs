// sfdx-lwc-jest's resolver (lwc, lightning/* stubs, c/* components), loaded against this package
// in every Jest worker: see jest-project.cjs.
const { inPackage, loadProject } = require('./jest-project.cjs');

loadProject();
module.exports = inPackage(() => require('@salesforce/sfdx-lwc-jest/src/resolver.js'));
