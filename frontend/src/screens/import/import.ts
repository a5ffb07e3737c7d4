// Importing visits from a spreadsheet: choose a file, check how its columns
// map to PAPPU's fields (the server's guess, changeable by hand), import, and
// read the report, rejected lines included.

import { imports, list } from "../../api";
import type { ImportMapping, ImportPreview, ImportReport, ImportUnresolved, RejectedLine } from "../../api";
import { h, replace } from "../../components/dom";
import { button, field, FormErrors, select } from "../../components/form";
import type { Option } from "../../components/form";
import { fr } from "../../i18n/fr";
import type { Screen } from "../../nav";

const t = fr.import;

export const importScreen: Screen = (root) => {
  const file = h("input", { type: "file", id: "import-file", name: "file", accept: ".csv,.xlsx" });
  const form = h("form", { class: "card", id: "import-form", novalidate: true },
    field(t.file, file, { hint: t.fileHint }));
  const errors = new FormErrors(form, "import");
  form.prepend(errors.summary);
  const status = h("p", { class: "search-status", role: "status", id: "import-status" });
  const preview = h("div", { id: "import-preview" });
  const report = h("div", { id: "import-report-area", "aria-live": "polite" });

  file.addEventListener("change", async () => {
    errors.clear();
    replace(preview);
    replace(report);
    const chosen = file.files?.[0];
    if (!chosen) return;
    replace(status, t.reading);
    try {
      const content = await readBase64(chosen);
      const p = await imports.preview(chosen.name, content);
      replace(status);
      showPreview(preview, report, p, errors);
    } catch (err) {
      replace(status);
      if (err instanceof FileReadError) errors.set("file", t.readFailed);
      else errors.setError(err);
      errors.focusFirst();
    }
  });

  root.append(h("h1", {}, t.title), h("p", { class: "lead" }, t.intro), form, status, preview, report);
};

class FileReadError extends Error {}

// readBase64 returns the file's bytes in base64, without the data: prefix.
function readBase64(f: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(new FileReadError());
    reader.onload = () => {
      const url = String(reader.result ?? "");
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.readAsDataURL(f);
  });
}

function showPreview(root: HTMLElement, reportArea: HTMLElement, p: ImportPreview, errors: FormErrors): void {
  const columns = list(p.columns);
  const fields = list(p.fields).map((f) => ({ value: f.code, label: f.label }));
  // A recognised field missing from the list (an older server) stays choosable.
  for (const c of columns) {
    if (c.field && !fields.some((f) => f.value === c.field)) fields.push({ value: c.field, label: c.field });
  }
  const selects = columns.map((c) => {
    const s = select(`import-map-${c.index}`, fields, c.field, t.ignore);
    s.setAttribute("aria-label", t.columnLabel(c.header));
    s.dataset.index = String(c.index);
    return s;
  });
  const run = button(t.run, { id: "import-run" }, "primary");

  run.addEventListener("click", async () => {
    errors.clear();
    const mapping: ImportMapping = {};
    for (const s of selects) if (s.value) mapping[s.dataset.index ?? ""] = s.value;
    run.disabled = true;
    replace(reportArea, h("p", { role: "status" }, t.running));
    try {
      showReport(reportArea, await imports.run(p.token, mapping));
      run.hidden = true;
    } catch (err) {
      replace(reportArea);
      errors.setError(err);
      errors.focusFirst();
      run.disabled = false;
    }
  });

  replace(
    root,
    h("section", { class: "card", "aria-labelledby": "import-preview-title" },
      h("h2", { id: "import-preview-title" }, t.previewTitle),
      h("p", { class: "muted", id: "import-info" }, t.previewInfo(p.lines, p.format, p.encoding, p.separator)),
      p.problem ? h("p", { class: "error-box", id: "import-problem", role: "alert" }, p.problem) : null,
      h("p", { class: "hint" }, t.mappingHint),
      h("table", { class: "table mapping", id: "import-mapping" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t.colHeader), h("th", { scope: "col" }, t.colField))),
        h("tbody", {}, columns.map((c, i) => h("tr", {}, h("th", { scope: "row" }, c.header), h("td", {}, selects[i]))))),
      unresolvedSection(list(p.unresolved), fields),
      list(p.rejected).length
        ? [h("h3", {}, t.previewRejectedTitle), rejectedTable(list(p.rejected), "import-preview-rejected")]
        : null,
      h("h3", {}, t.sampleTitle),
      h("div", { class: "table-scroll" },
        h("table", { class: "table sample", id: "import-sample" },
          h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c.header)))),
          h("tbody", {}, list(p.rows).map((row) => h("tr", {}, row.map((cell) => h("td", {}, cell))))))),
      h("div", { class: "form-actions" }, run)),
  );
}

function showReport(root: HTMLElement, r: ImportReport): void {
  const figure = (id: string, text: string, n: number) =>
    h("div", { class: "figure figure-small" },
      h("p", { class: "figure-label" }, text),
      h("p", { class: "figure-value", id, "data-testid": id }, n));
  const rejected = list(r.rejected);
  replace(
    root,
    h("section", { class: "card", id: "import-report", "aria-labelledby": "import-report-title" },
      h("h2", { id: "import-report-title" }, t.reportTitle),
      h("div", { class: "figures" },
        figure("import-imported", t.imported, r.imported),
        figure("import-personsCreated", t.personsCreated, r.persons_created),
        figure("import-personsMatched", t.personsMatched, r.persons_matched),
        figure("import-anonymous", t.anonymousCount, r.anonymous),
        figure("import-skipped", t.skipped, r.skipped)),
      h("h3", {}, t.rejectedTitle),
      rejected.length === 0 ? h("p", { class: "empty" }, t.noneRejected) : rejectedTable(rejected, "import-rejected")),
  );
}

function rejectedTable(rows: RejectedLine[], id: string): HTMLElement {
  return h("table", { class: "table", id },
    h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "num" }, t.colLine), h("th", { scope: "col" }, t.colReason))),
    h("tbody", {},
      rows.map((x) => h("tr", { "data-testid": `${id}-row` }, h("td", { class: "num" }, x.line), h("td", {}, x.reason)))));
}

function unresolvedSection(rows: ImportUnresolved[], fields: Option[]): HTMLElement[] | null {
  if (rows.length === 0) return null;
  const fieldLabel = (code: string) => fields.find((f) => f.value === code)?.label ?? code;
  return [
    h("h3", {}, t.unresolvedTitle),
    h("p", { class: "hint" }, t.unresolvedHint),
    h("table", { class: "table", id: "import-unresolved" },
      h("thead", {}, h("tr", {},
        h("th", { scope: "col" }, t.colFieldName),
        h("th", { scope: "col" }, t.colValue),
        h("th", { scope: "col", class: "num" }, t.colLines))),
      h("tbody", {}, rows.map((u) => h("tr", {}, h("td", {}, fieldLabel(u.field)), h("td", {}, u.value), h("td", { class: "num" }, u.lines))))),
  ];
}
