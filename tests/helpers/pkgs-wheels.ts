// Python wheels made by the test itself (a wheel is a zip: the module, METADATA, WHEEL, RECORD), so pip
// tests install from a local directory (--no-index --find-links) and never reach an index.

import { execFileSync } from 'node:child_process';

export interface WheelSpec {
  name: string;
  version: string;
  requires?: string[];
}

/** Write `<name>-<version>-py3-none-any.whl` files into `dir` (with this machine's python3). */
export function buildWheels(dir: string, specs: WheelSpec[]): string[] {
  const py = `
import json, sys, zipfile, os
for s in json.loads(sys.argv[2]):
    mod = s['name'].replace('-', '_')
    info = f"{mod}-{s['version']}.dist-info"
    path = os.path.join(sys.argv[1], f"{mod}-{s['version']}-py3-none-any.whl")
    meta = f"Metadata-Version: 2.1\\nName: {s['name']}\\nVersion: {s['version']}\\n" + ''.join(f"Requires-Dist: {r}\\n" for r in s.get('requires', []))
    files = {f"{mod}/__init__.py": f"VERSION = {s['version']!r}\\n", f"{info}/METADATA": meta,
             f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: runbook-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
    record = ''.join(f"{k},,\\n" for k in files) + f"{info}/RECORD,,\\n"
    with zipfile.ZipFile(path, 'w') as z:
        for k, v in files.items(): z.writestr(k, v)
        z.writestr(f"{info}/RECORD", record)
    print(path)
`;
  return execFileSync('/usr/bin/python3', ['-c', py, dir, JSON.stringify(specs)]).toString().trim().split('\n');
}
