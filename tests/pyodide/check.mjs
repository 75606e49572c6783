// Run roedtraad's validation core (the xlwings Lite path: grid reader, rules, findings) in Pyodide under Node.
// usage: node check.mjs PYODIDE_DIR WHEELS_DIR PAYLOAD_JSON BASIS_JSON
// Prints the findings as JSON [[code, sheet, cell], ...]. Offline: every wheel comes from WHEELS_DIR.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, wheels, payloadPath, basisPath] = process.argv.slice(2);
const { loadPyodide } = await import(pathToFileURL(join(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ indexURL: pyodideDir + "/" });
for (const name of readdirSync(wheels).filter((n) => n.endsWith(".whl"))) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(join(wheels, name))), "wheel");
}
pyodide.globals.set("payload_text", readFileSync(payloadPath, "utf-8"));
pyodide.globals.set("basis_text", readFileSync(basisPath, "utf-8"));
const out = pyodide.runPython(`
import json, sys
from roedtraad.addin.check import check_workbook
from roedtraad.addin.lite import basis_from_json
from roedtraad.workbook_templates.read import GridWorkbook
payload = json.loads(payload_text)
grid = GridWorkbook(name=payload["book"]["name"], sheets={s["name"]: s["values"] for s in payload["sheets"]})
found = check_workbook(grid, basis_from_json(basis_text)).findings
assert "python_calamine" not in sys.modules
json.dumps({"platform": sys.platform, "findings": sorted([f.code, f.sheet, f.cell] for f in found)})
`);
console.log(out);
