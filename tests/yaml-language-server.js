// What the YAML extension for VS Code says of a museum's files: its language server
// (yaml-language-server, as the extension bundles it), configured from the museum's
// .vscode/settings.json as the extension does (schema paths relative to the folder).
// node tests/yaml-language-server.js MUSEUM FILE... prints one JSON line per problem.
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const { getLanguageService } = require('yaml-language-server');
const { TextDocument } = require('vscode-languageserver-textdocument');

const root = path.resolve(process.argv[2]);
const settings = JSON.parse(fs.readFileSync(path.join(root, '.vscode', 'settings.json'), 'utf8'));
const service = getLanguageService({
  schemaRequestService: (uri) => Promise.resolve(fs.readFileSync(fileURLToPath(uri), 'utf8')),
  workspaceContext: { resolveRelativePath: (relative, resource) => new URL(relative, resource).href },
});
const schemas = Object.entries(settings['yaml.schemas']).map(([schema, fileMatch]) => ({
  uri: pathToFileURL(path.join(root, schema)).href,
  fileMatch,
}));
service.configure({ validate: true, hover: true, completion: true, schemas, yamlVersion: '1.2' });

(async () => {
  for (const rel of process.argv.slice(3)) {
    const file = path.join(root, rel);
    const doc = TextDocument.create(pathToFileURL(file).href, 'yaml', 1, fs.readFileSync(file, 'utf8'));
    for (const problem of await service.doValidation(doc, false)) {
      console.log(JSON.stringify({ file: rel, line: problem.range.start.line + 1, severity: problem.severity, message: problem.message }));
    }
    const first = doc.getText().split('\n').findIndex((line) => /^[a-z_]+:/.test(line)); // the first key
    const hover = await service.doHover(doc, { line: first, character: 1 });
    const value = hover && hover.contents && hover.contents.value;
    console.log(JSON.stringify({ file: rel, hover: value ? value.split('\n')[0] : null }));
  }
})();
