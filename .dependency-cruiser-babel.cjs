// How the layering check (.dependency-cruiser.cjs) reads TypeScript: babel strips the types and keeps every
// import but `import type`. The preset is resolved here, so that the check also runs on a tree elsewhere.
module.exports = {
  babelrc: false,
  configFile: false,
  presets: [[require.resolve('@babel/preset-typescript'), { onlyRemoveTypeImports: true }]],
  parserOpts: { plugins: ['jsx'] },
};
