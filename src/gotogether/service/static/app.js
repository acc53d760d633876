// gotogether dashboard: library, editor with schema validation, run progress, result charts, comparison.
// Plain ES module, no build step; charts with the locally served plotly.js. Data go into the page as text
// (textContent), never as HTML.

const $ = (id) => document.getElementById(id);
const COUNTRY_COLUMNS = ["country", "region", "iso3", "economy"];
const TIME_COLUMNS = ["year", "time", "period"];
const PLOT_CONFIG = { responsive: true, displaylogo: false, topojsonURL: "/static/topojson/" };
const FINISHED = new Set(["succeeded", "failed", "interrupted"]);
const HEADLINES = ["who_pays", "welfare_change", "who_pays_by_role", "vendor_shares", "welfare"];
let following = null; // timer of the run being followed
let geometry = null; // whether the server has the world map geometry (asked once)

// ---- API --------------------------------------------------------------------------------------------
async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  const token = sessionStorage.getItem("gotogether-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/api${path}`, { ...options, headers });
  if (response.status === 401) {
    $("token-box").hidden = false;
    throw new Error("this server needs a token: enter it above");
  }
  const body = await response.json();
  if (!response.ok && response.status !== 422) {
    throw new Error(body.detail || `HTTP ${response.status}`);
  }
  return { status: response.status, body };
}

function showError(error) {
  $("error").textContent = error ? String(error.message || error) : "";
  $("error").hidden = !error;
}

function element(tag, text, attributes = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

// ---- views ------------------------------------------------------------------------------------------
async function route() {
  showError(null);
  clearTimeout(following);
  const [view, argument] = (location.hash.slice(1) || "library").split("/");
  for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
  try {
    if (view === "library") await showLibrary();
    if (view === "runs") await showRuns();
    if (view === "run") {
      $("run-state").dataset.state = "";
      $("run-results").replaceChildren();
      await followRun(argument);
    }
    if (view === "compare") await showCompareChoices();
  } catch (error) {
    showError(error);
  }
}

async function showLibrary() {
  const { body } = await api("/scenarios");
  const list = $("library-list");
  list.replaceChildren();
  for (const scenario of body) {
    const card = element("div", null, { class: "card", "data-scenario": scenario.name });
    card.append(element("h3", scenario.name), element("p", scenario.description));
    const edit = element("button", "Open in editor", { class: "secondary" });
    edit.onclick = () => openInEditor(scenario.name);
    const run = element("button", "Run");
    run.onclick = async () => {
      const { body: created } = await api(`/scenarios/${scenario.name}/runs`, { method: "POST" });
      location.hash = `run/${created.id}`;
    };
    card.append(edit, run);
    list.append(card);
  }
  if (!body.length) list.append(element("p", "No built-in scenarios in this installation."));
}

async function openInEditor(name) {
  const { body } = await api(`/scenarios/${name}`);
  $("format").value = "json";
  $("scenario-text").value = JSON.stringify(body, null, 2);
  location.hash = "editor";
  await validate();
}

// ---- editor -----------------------------------------------------------------------------------------
function scenarioRequest() {
  const type = $("format").value === "json" ? "application/json" : "application/yaml";
  return { method: "POST", headers: { "Content-Type": type }, body: $("scenario-text").value };
}

async function validate() {
  const box = $("validation");
  if (!$("scenario-text").value.trim()) {
    box.replaceChildren();
    return;
  }
  try {
    const { body } = await api("/validate", scenarioRequest());
    box.replaceChildren();
    if (body.valid) {
      box.append(element("p", `Valid scenario: ${body.name}`, { class: "valid" }));
    } else {
      const list = element("ul");
      for (const issue of body.issues) list.append(element("li", `${issue.location}: ${issue.message}`));
      box.append(list);
    }
  } catch (error) {
    showError(error);
  }
}

async function submitScenario() {
  try {
    const { status, body } = await api("/runs", scenarioRequest());
    if (status === 422) {
      await validate();
      return;
    }
    location.hash = `run/${body.id}`;
  } catch (error) {
    showError(error);
  }
}

// ---- runs -------------------------------------------------------------------------------------------
async function showRuns() {
  const { body } = await api("/runs?limit=200");
  const rows = body.map((run) => {
    const row = element("tr", null, { class: "link", "data-run": run.id });
    row.append(
      element("td", run.scenario_name),
      element("td", run.state),
      element("td", `${Math.round(run.progress * 100)} %`, { class: "num" }),
      element("td", run.message),
      element("td", new Date(run.created_at).toLocaleString()),
    );
    row.onclick = () => (location.hash = `run/${run.id}`);
    return row;
  });
  $("runs-body").replaceChildren(...rows);
  if (body.some((run) => !FINISHED.has(run.state))) following = setTimeout(route, 2000);
}

async function followRun(id) {
  const { body: run } = await api(`/runs/${id}`);
  $("run-title").textContent = `Run of ${run.scenario_name}`;
  $("run-progress").value = run.progress;
  $("run-state").textContent = run.state;
  $("run-state").dataset.state = run.state;
  $("run-message").textContent = run.message;
  $("rerun").hidden = !(run.state === "failed" || run.state === "interrupted");
  $("rerun").onclick = async () => {
    await api(`/runs/${id}/rerun`, { method: "POST" });
    await route();
  };
  $("report-link").hidden = run.state !== "succeeded";
  $("report-link").href = `/api/runs/${id}/report`;
  if (!FINISHED.has(run.state)) {
    $("run-results").replaceChildren();
    $("run-notes").hidden = true;
    following = setTimeout(() => followRun(id).catch(showError), 500);
  } else if (run.state === "succeeded") {
    await showResults(id);
  } else {
    $("run-results").replaceChildren();
    $("run-notes").hidden = true;
  }
}

// A picker of the run's tables (headline tables first) and the chosen table's charts and rows, under the
// notes on what the engines approximate or do not model (nothing is dropped silently).
async function showResults(id) {
  const { body: tables } = await api(`/runs/${id}/tables`);
  const names = tables.map((table) => table.name);
  const titles = Object.fromEntries(tables.map((table) => [table.name, table.title || table.name]));
  await showNotes(id, names);
  const show = async (name) => {
    const { body: table } = await api(`/runs/${id}/tables/${name}?limit=20000`);
    $("run-results").replaceChildren(picker("run-table", names, name, show, titles),
      resultBlock(table, table.columns, titles[name]));
  };
  if (names.length) await show(firstHeadline(names));
}

async function showNotes(id, names) {
  const box = $("run-notes");
  const notes = names.includes("notes")
    ? (await api(`/runs/${id}/tables/notes`)).body.rows.filter((row) => row.note)
    : [];
  box.hidden = notes.length === 0;
  const list = element("ul");
  for (const row of notes) list.append(element("li", `${row.scenario}: ${row.note.replace(`${row.scenario}: `, "")}`));
  box.replaceChildren(element("h3", "Notes on the measures"), list);
}

function firstHeadline(names) {
  return HEADLINES.find((name) => names.includes(name)) || names[0];
}

// A menu of tables by their human names (`titles`), valued by their names.
function picker(id, names, chosen, onChange, titles = {}) {
  const select = element("select", null, { id });
  for (const name of names) select.append(element("option", titles[name] || name, { value: name }));
  select.value = chosen;
  select.onchange = () => onChange(select.value).catch(showError);
  const box = element("label", "Table ", { class: "picker" });
  box.append(select);
  return box;
}

// ---- charts and tables ------------------------------------------------------------------------------
// Columns are shown by their human names and units (from the table's metadata), never as column names.
function label(table, column) {
  return (table.labels || {})[column] || column;
}

function unit(table, column) {
  return (table.units || {})[column] || "";
}

function labelWithUnit(table, column) {
  const units = unit(table, column);
  return units ? `${label(table, column)} (${units})` : label(table, column);
}

// A number with 4 significant digits; rounding noise (-0.000) shows as 0, without a sign.
function shown(value) {
  const text = value.toPrecision(4);
  return Number(text) === 0 ? "0" : text;
}

function columnKinds(table) {
  const numeric = table.columns.filter((column) =>
    table.rows.some((row) => typeof row[column] === "number") &&
    table.rows.every((row) => row[column] === null || typeof row[column] === "number"));
  const country = COUNTRY_COLUMNS.find((column) => table.columns.includes(column));
  const time = TIME_COLUMNS.find((column) => table.columns.includes(column));
  const values = numeric.filter((column) => column !== time);
  return { country, time, values };
}

function resultBlock(table, valueColumns, title = table.name) {
  const block = element("div", null, { class: "result", "data-table": table.name });
  block.append(element("h3", title));
  const charts = element("div", null, { class: "charts" });
  block.append(charts);
  const { country, time, values } = columnKinds(table);
  // labels that tell rows apart (not one value for the whole table, such as the scenario of a run)
  const labels = table.columns.filter((column) => !values.includes(column) && column !== time &&
    new Set(table.rows.map((row) => row[column])).size > 1);
  const shown = values.filter((column) => valueColumns.includes(column));
  const value = shown.find((column) => column.endsWith("_diff")) || shown[0];
  if (value && country) {
    const last = time ? Math.max(...table.rows.map((row) => row[time])) : null;
    const latest = time ? { ...table, rows: table.rows.filter((row) => row[time] === last) } : table;
    const title = labelWithUnit(table, value);
    charts.append(worldMap(latest, country, value, time ? `${title}, ${last}` : title));
    charts.append(time ? timeSeries(table, time, labels, value) : bars(latest, country, value));
  } else if (value && time) {
    charts.append(timeSeries(table, time, labels, value));
  } else if (value) {
    const key = table.columns.find((column) => !values.includes(column));
    if (key) charts.append(bars(table, key, value));
  }
  const wrap = element("div", null, { class: "table-wrap" });
  wrap.append(htmlTable(table));
  block.append(wrap);
  return block;
}

function chartBox(kind) {
  return element("div", null, { class: `chart chart-${kind}` });
}

// Draw once the box is in the page (the caller attaches it in the same tick), so plotly sizes it to fit.
function plot(box, traces, layout) {
  requestAnimationFrame(() => Plotly.newPlot(box, traces, { margin: { t: 40 }, ...layout }, PLOT_CONFIG));
}

// One line per combination of the other labels (country, or country and industry...).
function timeSeries(table, time, labels, value) {
  const box = chartBox("timeseries");
  const series = new Map();
  for (const row of table.rows) {
    const name = labels.length ? labels.map((column) => row[column]).join(" ") : label(table, value);
    if (!series.has(name)) series.set(name, { x: [], y: [], name, mode: "lines+markers", type: "scatter" });
    series.get(name).x.push(row[time]);
    series.get(name).y.push(row[value]);
  }
  plot(box, [...series.values()], {
    title: { text: label(table, value) },
    xaxis: { title: { text: label(table, time) }, tickformat: "d", dtick: 1 },
    yaxis: { title: { text: unit(table, value) } },
  });
  return box;
}

function worldMap(table, country, value, title = value) {
  const box = chartBox("map");
  geometry ??= fetch(`${PLOT_CONFIG.topojsonURL}world_110m.json`, { method: "HEAD" }).then((r) => r.ok);
  geometry.then((available) => {
    if (available) drawMap(box, table, country, value, title);
    else box.append(element("p", "Map geometry not available in this installation.", { class: "no-map" }));
  });
  return box;
}

function drawMap(box, table, country, value, title) {
  const z = table.rows.map((row) => row[value]).filter((v) => v !== null);
  const diverging = Math.min(...z) < 0; // changes with losses: red losses, blue gains, white at zero (as the report)
  const trace = {
    type: "choropleth",
    locationmode: "ISO-3",
    locations: table.rows.map((row) => row[country]),
    z: table.rows.map((row) => row[value]),
    colorbar: { title: { text: unit(table, value) || label(table, value) } },
    ...(diverging ? { zmid: 0, colorscale: "RdBu", reversescale: true } : { colorscale: "Viridis" }),
  };
  const geo = { projection: { type: "natural earth", rotation: { lon: 0 } }, center: { lon: 0, lat: 15 },
    lataxis: { range: [-58, 85] }, showframe: false };
  plot(box, [trace], { title: { text: title }, geo });
}

// Bars of one column; for a comparison's `x_diff`, runs A and B side by side (`x_a`, `x_b`).
function bars(table, key, value) {
  const box = chartBox("bars");
  const x = table.rows.map((row) => String(row[key]));
  const base = value.endsWith("_diff") ? value.slice(0, -5) : null;
  const columns = base ? [[`${base}_a`, "A"], [`${base}_b`, "B"]] : [[value, label(table, value)]];
  const traces = columns.map(([column, name]) => ({ type: "bar", name, x, y: table.rows.map((row) => row[column]) }));
  const title = base ? label(table, `${base}_a`).replace(/ \(A\)$/, "") : label(table, value);
  plot(box, traces, {
    title: { text: title },
    barmode: "group",
    xaxis: { title: { text: label(table, key) } },
    yaxis: { title: { text: unit(table, value) } },
  });
  return box;
}

function htmlTable(table, limit = 50) {
  const node = element("table", null, { class: "data" });
  const head = element("tr");
  for (const column of table.columns) head.append(element("th", labelWithUnit(table, column)));
  node.append(element("thead"), element("tbody"));
  node.tHead.append(head);
  for (const row of table.rows.slice(0, limit)) {
    const line = element("tr");
    for (const column of table.columns) {
      const cell = row[column];
      const number = typeof cell === "number";
      line.append(element("td", number ? shown(cell) : cell ?? "", number ? { class: "num" } : {}));
    }
    node.tBodies[0].append(line);
  }
  if (table.rows.length > limit) node.append(element("caption", `first ${limit} of ${table.total_rows} rows`));
  return node;
}

// ---- comparison -------------------------------------------------------------------------------------
async function showCompareChoices() {
  const { body } = await api("/runs?state=succeeded&limit=500");
  for (const [select, index] of [[$("compare-a"), 1], [$("compare-b"), 0]]) {
    const previous = select.value;
    select.replaceChildren(...body.map((run) =>
      element("option", `${run.scenario_name} (${new Date(run.created_at).toLocaleString()})`, { value: run.id })));
    select.value = previous || (body[index] || body[0] || {}).id || "";
  }
}

async function compareRuns() {
  try {
    const a = $("compare-a").value;
    const b = $("compare-b").value;
    const [{ body: first }, { body: second }] = await Promise.all([api(`/runs/${a}/tables`), api(`/runs/${b}/tables`)]);
    const common = first.map((table) => table.name).filter((name) => second.some((table) => table.name === name));
    const titles = Object.fromEntries(first.map((table) => [table.name, table.title || table.name]));
    const show = async (name) => {
      const { body } = await api(`/compare?a=${a}&b=${b}&table=${name}`);
      const blocks = body.tables.map((table) =>
        resultBlock(table, table.columns.filter((column) => column.endsWith("_diff")), `${titles[table.name]}: B - A`));
      const reasons = Object.entries(body.skipped).map(([table, why]) => element("p", `${table}: ${why}`));
      $("compare-results").replaceChildren(picker("compare-table", common, name, show, titles), ...blocks, ...reasons);
    };
    if (common.length) await show(firstHeadline(common));
  } catch (error) {
    showError(error);
  }
}

// ---- wiring -----------------------------------------------------------------------------------------
let pending = null;
$("scenario-text").addEventListener("input", () => {
  clearTimeout(pending);
  pending = setTimeout(validate, 400);
});
$("format").addEventListener("change", validate);
$("run-scenario").addEventListener("click", submitScenario);
$("compare-go").addEventListener("click", compareRuns);
$("token").value = sessionStorage.getItem("gotogether-token") || "";
$("token").addEventListener("change", () => {
  sessionStorage.setItem("gotogether-token", $("token").value);
  route();
});
window.addEventListener("hashchange", route);
route();
