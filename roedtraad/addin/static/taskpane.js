// The task pane: "Valider" and "Indsend". Every text from the server is put into the page with
// textContent, never as HTML. xlwings' Office.js client (vendored, unmodified) reads the workbook
// (getBookData) and applies the server's actions (runActions).
import "./vendor/xlwings-server/1.20.0/js/custom-scripts/index.js";

const config = JSON.parse(document.getElementById("config").textContent);
const texts = JSON.parse(document.getElementById("texts").textContent);
const TOKEN_KEY = "roedtraad.token";
const LANG_KEY = "roedtraad.lang";
const SLICE = 4 * 1024 * 1024;

const $ = (id) => document.getElementById(id);

function token() {
  return window.localStorage.getItem(TOKEN_KEY) || "";
}

function status(text, kind = "") {
  const element = $("status");
  element.textContent = text;
  element.className = kind;
}

function showTokenBox(show) {
  $("token-box").hidden = !show;
  $("actions").hidden = show;
}

function renderFindings(findings) {
  const list = $("findings");
  list.replaceChildren();
  for (const finding of findings || []) {
    const item = document.createElement("li");
    item.className = `finding ${finding.severity}`;
    const where = document.createElement("span");
    where.className = "where";
    where.textContent = finding.cell ? `${finding.sheet}!${finding.cell}` : finding.sheet || finding.file || "";
    const message = document.createElement("span");
    message.className = "message";
    message.textContent = finding.message;
    const hint = document.createElement("span");
    hint.className = "hint";
    hint.textContent = finding.hint || "";
    item.append(where, message, hint);
    if (finding.sheet && finding.cell) {
      item.tabIndex = 0;
      item.title = texts.select_cell;
      const select = () => selectCell(finding.sheet, finding.cell);
      item.addEventListener("click", select);
      item.addEventListener("keydown", (event) => event.key === "Enter" && select());
    }
    list.append(item);
  }
}

async function selectCell(sheet, cell) {
  await Excel.run(async (context) => {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    worksheet.getRange(cell).select();
    await context.sync();
  });
}

// Templates protect their sheets (no password) so that headers and computed columns are not
// typed over; the computed columns are written by us, so protection is lifted while the actions
// run and put back exactly as it was.
async function withUnprotectedSheets(work) {
  const restore = [];
  await Excel.run(async (context) => {
    const sheets = context.workbook.worksheets;
    sheets.load("items/name");
    await context.sync();
    for (const sheet of sheets.items) sheet.protection.load("protected,options");
    await context.sync();
    for (const sheet of sheets.items) {
      if (sheet.protection.protected) {
        restore.push({ name: sheet.name, options: sheet.protection.options });
        sheet.protection.unprotect();
      }
    }
    await context.sync();
  });
  try {
    return await work();
  } finally {
    await Excel.run(async (context) => {
      for (const { name, options } of restore) {
        const sheet = context.workbook.worksheets.getItemOrNullObject(name);
        await context.sync();
        if (!sheet.isNullObject) sheet.protection.protect(options);
      }
      await context.sync();
    });
  }
}

async function answerOf(response) {
  let body = null;
  try {
    body = await response.json();
  } catch (error) {
    body = null;
  }
  if (response.status === 401) {
    window.localStorage.removeItem(TOKEN_KEY);
    showTokenBox(true);
    throw new Error(texts.token_refused);
  }
  if (!response.ok) {
    const detail = body && (typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail));
    const error = new Error(detail || `${response.status} ${response.statusText}`);
    error.findings = body && body.answer && body.answer.findings; // a refused upload, with the ledger's findings
    throw error;
  }
  return body;
}

async function validate() {
  status(texts.validating, "busy");
  renderFindings([]);
  const payload = await globalThis.xlwings.getBookData();
  const response = await fetch(`${config.appPath}/validate?lang=${encodeURIComponent(config.lang)}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${token()}` },
    body: JSON.stringify(payload),
  });
  const answer = await answerOf(response);
  if (answer.actions && answer.actions.length) {
    await withUnprotectedSheets(() => globalThis.xlwings.runActions({ actions: answer.actions }));
  }
  renderFindings(answer.findings);
  status(answer.message, answer.errors ? "errors" : answer.warnings ? "warnings" : "ok");
}

function documentFile() {
  return new Promise((resolve, reject) => {
    Office.context.document.getFileAsync(Office.FileType.Compressed, { sliceSize: SLICE }, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) reject(new Error(result.error.message));
      else resolve(result.value);
    });
  });
}

function slice(file, index) {
  return new Promise((resolve, reject) => {
    file.getSliceAsync(index, (result) => {
      if (result.status !== Office.AsyncResultStatus.Succeeded) reject(new Error(result.error.message));
      else resolve(result.value.data);
    });
  });
}

async function fileName() {
  const url = (Office.context.document && Office.context.document.url) || "";
  const last = url.split(/[\\/]/).pop();
  if (last && /\.xls[xm]$/i.test(last)) return decodeURIComponent(last);
  return (await globalThis.xlwings.getActiveBookName()) || "workbook.xlsx";
}

async function submit() {
  status(texts.submitting, "busy");
  renderFindings([]);
  const file = await documentFile();
  const parts = [];
  try {
    for (let index = 0; index < file.sliceCount; index += 1) {
      parts.push(new Uint8Array(await slice(file, index)));
    }
  } finally {
    file.closeAsync();
  }
  const form = new FormData();
  const blob = new Blob(parts, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  form.append("file", blob, await fileName());
  const response = await fetch(`${config.apiPath}/submissions?lang=${encodeURIComponent(config.lang)}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token()}` },
    body: form,
  });
  const answer = await answerOf(response);
  renderFindings(answer.findings);
  const done = answer.version != null ? texts.submitted_version.replace("{version}", answer.version) : texts.submitted;
  status(`${done} ${texts.counts.replace("{errors}", answer.errors || 0).replace("{warnings}", answer.warnings || 0)}`,
         answer.errors ? "errors" : answer.warnings ? "warnings" : "ok");
}

function guarded(work) {
  return async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      if (!token()) {
        showTokenBox(true);
        status(texts.token_needed, "errors");
        return;
      }
      await work();
    } catch (error) {
      if (error && error.findings) renderFindings(error.findings);
      status(`${texts.failed} ${error && error.message ? error.message : error}`, "errors");
    } finally {
      button.disabled = false;
    }
  };
}

function start() {
  $("lang").value = config.lang;
  $("lang").addEventListener("change", (event) => {
    window.localStorage.setItem(LANG_KEY, event.target.value);
    const url = new URL(window.location.href);
    url.searchParams.set("lang", event.target.value);
    window.location.assign(url.toString());
  });
  $("save-token").addEventListener("click", () => {
    const value = $("token").value.trim();
    if (!value) return;
    window.localStorage.setItem(TOKEN_KEY, value);
    $("token").value = "";
    showTokenBox(false);
    status(texts.token_saved, "ok");
  });
  $("forget-token").addEventListener("click", () => {
    window.localStorage.removeItem(TOKEN_KEY);
    showTokenBox(true);
  });
  $("validate").addEventListener("click", guarded(validate));
  $("submit").addEventListener("click", guarded(submit));
  showTokenBox(!token());
}

// A language chosen earlier wins over the default, once.
const remembered = window.localStorage.getItem(LANG_KEY);
if (remembered && remembered !== config.lang && !new URL(window.location.href).searchParams.has("lang")) {
  const url = new URL(window.location.href);
  url.searchParams.set("lang", remembered);
  window.location.replace(url.toString());
} else {
  Office.onReady(start);
}
