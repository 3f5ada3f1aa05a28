/**
 * sfdx-lwc-jest reads its project (sfdx-project.json and the lwc folders) from the working
 * directory, once, when its modules first load. Loading them with this package as the working
 * directory lets Jest start anywhere (the repo root's npm test) and keeps its workers' directory.
 */
function inPackage(load) {
  const before = process.cwd();
  process.chdir(__dirname);
  try {
    return load();
  } finally {
    process.chdir(before);
  }
}

/** sfdx-lwc-jest's project, with its lwc folders found now rather than on the first lookup. */
function loadProject() {
  return inPackage(() => {
    const project = require('@salesforce/sfdx-lwc-jest/src/utils/project.js');
    project.getModulePaths();
    return project;
  });
}

module.exports = { inPackage, loadProject };
