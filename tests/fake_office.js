// A small fake of Office.js for the task pane's browser tests: an in-memory workbook (sheets of values,
// as window.__fakeBook gives them) behind the part of the Excel API the pane and xlwings' client use,
// recording in window.__excelLog what they ask Excel to do.
(function () {
  const book = window.__fakeBook;
  const log = (window.__excelLog = []);
  const letters = (n) => { let s = ""; n += 1; while (n > 0) { const r = (n - 1) % 26; s = String.fromCharCode(65 + r) + s; n = Math.floor((n - 1) / 26); } return s; };
  const index = (col) => [...col].reduce((a, c) => a * 26 + c.charCodeAt(0) - 64, 0) - 1;
  const parse = (address) => {
    const [a, b] = address.replace(/\$/g, "").split("!").pop().split(":");
    const one = (x) => { const m = /^([A-Z]+)(\d+)$/.exec(x); return [Number(m[2]) - 1, index(m[1])]; };
    const [r0, c0] = one(a); const [r1, c1] = b ? one(b) : [r0, c0];
    return [r0, c0, r1 - r0 + 1, c1 - c0 + 1];
  };
  const nullObject = () => ({ isNullObject: true, load() { return this; } });
  const collection = (items) => ({ items, load() { return this; } });

  class Range {
    constructor(sheet, row, col, rows, cols) {
      Object.assign(this, { sheet, row, col, rowCount: rows, columnCount: cols, isNullObject: false });
      this.rowIndex = row; this.columnIndex = col;
      this.address = `${sheet.name}!${letters(col)}${row + 1}` + (rows * cols > 1 ? `:${letters(col + cols - 1)}${row + rows}` : "");
      const where = () => ({ sheet: sheet.name, address: this.address.split("!").pop() });
      this.format = {
        fill: { set color(value) { log.push({ op: "color", ...where(), value }); }, clear() { log.push({ op: "clearFill", ...where() }); } },
        font: { set bold(value) { log.push({ op: "bold", ...where(), value }); } },
      };
    }
    load() { return this; }
    get values() {
      return Array.from({ length: this.rowCount }, (_, r) => Array.from({ length: this.columnCount }, (_, c) => {
        const line = this.sheet.values[this.row + r] || []; const v = line[this.col + c]; return v === undefined ? "" : v;
      }));
    }
    set values(matrix) {
      log.push({ op: "values", sheet: this.sheet.name, address: this.address.split("!").pop(), value: matrix });
      matrix.forEach((line, r) => line.forEach((v, c) => {
        while (this.sheet.values.length <= this.row + r) this.sheet.values.push([]);
        this.sheet.values[this.row + r][this.col + c] = v === null ? "" : v;
      }));
    }
    get numberFormat() { return this.values.map((line) => line.map(() => "General")); }
    select() { log.push({ op: "select", sheet: this.sheet.name, address: this.address.split("!").pop() }); }
    clear(what) { log.push({ op: "clear", sheet: this.sheet.name, what }); if (what === "Contents") this.sheet.values = [[]]; }
  }

  class Sheet {
    constructor(data, position) {
      Object.assign(this, { name: data.name, values: data.values.map((l) => l.slice()), position, visibility: "Visible", showGridlines: true });
      this.names = collection([]); this.tables = collection([]); this.charts = collection([]); this.shapes = collection([]);
      this.pageLayout = { getPrintAreaOrNullObject: nullObject };
      const sheet = this; let locked = Boolean(data.protected);
      this.protection = {
        load() { return this; },
        get protected() { return locked; },
        options: { allowFormatCells: true, allowInsertRows: true },
        unprotect() { locked = false; log.push({ op: "unprotect", sheet: sheet.name }); },
        protect(options) { locked = true; log.push({ op: "protect", sheet: sheet.name, options }); },
      };
    }
    load() { return this; }
    extent() { const rows = this.values.length; const cols = Math.max(0, ...this.values.map((l) => l.length)); return [rows, cols]; }
    getUsedRangeOrNullObject() {
      const [rows, cols] = this.extent();
      const used = this.values.some((l) => l.some((v) => v !== "" && v !== null && v !== undefined));
      return used ? new Range(this, 0, 0, rows, cols) : nullObject();
    }
    getRange(address) { return new Range(this, ...parse(address)); }
    getRangeByIndexes(r, c, rows, cols) { return new Range(this, r, c, rows, cols); }
    getRanges() { return new Range(this, 0, 0, 1, 1); }
    activate() { log.push({ op: "activate", sheet: this.name }); }
    delete() { log.push({ op: "deleteSheet", sheet: this.name }); sheets.splice(sheets.indexOf(this), 1); renumber(); }
  }

  const sheets = book.sheets.map((s, i) => new Sheet(s, i));
  const renumber = () => sheets.forEach((s, i) => { s.position = i; });
  const worksheets = {
    get items() { return sheets; },
    load() { return this; },
    getItem(name) { const s = sheets.find((x) => x.name === name); if (!s) throw new Error(`no sheet ${name}`); return s; },
    getItemOrNullObject(name) { return sheets.find((x) => x.name === name) || nullObject(); },
    getActiveWorksheet() { return sheets[0]; },
    add(name) {
      log.push({ op: "addSheet", sheet: name });
      const sheet = new Sheet({ name, values: [[]] }, sheets.length); sheets.push(sheet);
      return new Proxy(sheet, { set(target, key, value) { if (key === "position") { sheets.splice(sheets.indexOf(target), 1); sheets.splice(value, 0, target); renumber(); return true; } target[key] = value; return true; } });
    },
  };
  const workbook = {
    name: book.name, worksheets, names: collection([]),
    application: { calculationMode: "Automatic", load() { return this; } },
    getSelectedRange() { return sheets[0].getRange("A1"); },
    load() { return this; },
  };
  const context = { workbook, sync: () => Promise.resolve() };

  let ready = null;
  window.Excel = {
    run: async (a, b) => (typeof a === "function" ? a(context) : b(context)),
    RequestContext: function () { return context; },
    ShapeType: { image: "Image" },
    ClearApplyTo: { all: "All", contents: "Contents", formats: "Formats" },
  };
  const bytes = Uint8Array.from(atob(book.file || ""), (c) => c.charCodeAt(0));
  window.Office = {
    onReady(callback) { ready = ready || Promise.resolve({ host: "Excel", platform: "PC" }); return callback ? ready.then(callback) : ready; },
    FileType: { Compressed: "compressed" },
    AsyncResultStatus: { Succeeded: "succeeded", Failed: "failed" },
    context: {
      requirements: { isSetSupported: (name, version) => name === "ExcelApi" && Number(String(version).split(".")[1] || 0) <= 7 },
      document: {
        url: book.url,
        getFileAsync(type, options, callback) {
          log.push({ op: "getFileAsync", type, sliceSize: options.sliceSize });
          const size = options.sliceSize; const count = Math.max(1, Math.ceil(bytes.length / size));
          callback({ status: "succeeded", value: {
            size: bytes.length, sliceCount: count,
            getSliceAsync(i, done) { log.push({ op: "getSlice", index: i }); done({ status: "succeeded", value: { data: Array.from(bytes.slice(i * size, (i + 1) * size)) } }); },
            closeAsync() { log.push({ op: "closeFile" }); },
          } });
        },
      },
    },
  };
})();
