/* luoshi pages: charts, maps, sortable tables and the document view.
   Data comes from <script type="application/json"> blocks written by the
   server; every text is set with textContent or ECharts' own escaping. */
(function () {
  "use strict";
  var COLORS = { exceeded: "#0b5d2a", met: "#1a7f37", ahead: "#0969da", "on-pace": "#3b82c4", behind: "#bf8700", missed: "#cf222e", "due-soon": "#d4760a", overdue: "#82071e", "no-data": "#8c959f" };

  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function chart(id) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    var c = window.echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  function go(href) { if (href) window.location.href = href; }

  // -- 总览: filters apply on change, a donut of statuses --------------------------
  var filters = document.getElementById("filters");
  if (filters) {
    filters.querySelectorAll("select").forEach(function (s) {
      s.addEventListener("change", function () { filters.submit(); });
    });
  }
  var board = data("chart-data");
  if (board) {
    var donut = chart("status-chart");
    if (donut) {
      donut.setOption({
        animation: false,
        tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + "：" + p.value; } },
        series: [{ type: "pie", radius: ["45%", "80%"], label: { show: false },
          data: board.counts.map(function (c) { return { name: c.word, value: c.count, itemStyle: { color: COLORS[c.css] } }; }) }]
      });
    }
  }

  // -- 地区: two maps, joined on GB/T 2260 codes --------------------------------------
  var maps = data("map-data");
  if (maps) {
    Promise.all([fetch("/static/maps/nmg_leagues.json"), fetch("/static/maps/china_provinces.json"), fetch("/static/maps/nmg_ports.json")])
      .then(function (rs) { return Promise.all(rs.map(function (r) { return r.json(); })); })
      .then(function (got) { drawMaps(maps, got[0], got[1], got[2]); });
  }

  // A share is of all trackable targets (the server counts one without an
  // outcome against it); a region none of whose targets has an outcome stays grey.
  function valueOf(entry) { return entry ? entry.value : null; }
  function describe(entry, metric) {
    if (!entry) return "暂无数据";
    if (metric === "share") return entry.label;
    return entry.text + "：" + entry.quote;
  }

  function drawMaps(m, leagues, provinces, ports) {
    var names = {};
    leagues.features.concat(provinces.features).forEach(function (f) { names[f.properties.code] = f.properties.name; });
    ports.forEach(function (p) { names[p.code] = p.name; });
    window.echarts.registerMap("nmg", leagues);
    window.echarts.registerMap("china", provinces);
    var values = [];
    [m.leagues, m.provinces].forEach(function (group) {
      Object.keys(group).forEach(function (code) { var v = valueOf(group[code]); if (v != null) values.push(v); });
    });
    var lo = values.length ? Math.min.apply(null, values) : 0, hi = values.length ? Math.max.apply(null, values) : 1;
    if (m.metric === "share") { lo = 0; hi = 100; }
    if (lo === hi) { hi = lo + 1; }
    var unit = m.unit || "";

    function option(mapName, group, features, extra) {
      var items = features.map(function (f) {
        var code = f.properties.code;
        return { name: code, value: valueOf(group[code]) };
      });
      var series = [{ type: "map", map: mapName, nameProperty: "code", data: items, roam: false, selectedMode: false,
        label: { show: false }, emphasis: { label: { show: true, formatter: function (p) { return names[p.name] || p.name; } } } }];
      if (extra) series.push(extra);
      return {
        animation: false,
        tooltip: { trigger: "item", formatter: function (p) {
          var code = p.seriesType === "scatter" ? p.data.code : p.name;
          return esc(names[code] || code) + "<br>" + esc(describe(group[code], m.metric));
        } },
        visualMap: { min: lo, max: hi, calculable: true, text: [hi + unit, lo + unit], left: 0, bottom: 0,
          inRange: { color: m.metric === "share" ? ["#f0b8b8", "#f5e6a8", "#9be9a8", "#216e39"] : ["#deebf7", "#08519c"] }, seriesIndex: 0 },
        geo: extra ? { map: mapName, nameProperty: "code", silent: true, itemStyle: { opacity: 0 } } : undefined,
        series: series
      };
    }
    var pages = {};
    (m.units || []).forEach(function (u) { pages[u.code] = u.href; });
    function boardOf(code) { return "/?region=" + encodeURIComponent(names[code] || code) + "&period=" + encodeURIComponent(m.period); }
    function clicked(p) {
      var code = p.seriesType === "scatter" ? p.data.code : p.name;
      if (pages[code]) go(pages[code]);
      else if (names[code]) go(boardOf(code));
    }
    var portPoints = ports.map(function (p) {
      return { name: p.name, code: p.code, value: [p.lon, p.lat, valueOf(m.leagues[p.code])] };
    });
    var extra = { type: "scatter", coordinateSystem: "geo", geoIndex: 0, symbolSize: 12, data: portPoints, zlevel: 2,
      itemStyle: { color: "#d4a72c", borderColor: "#333" }, label: { show: true, position: "right", formatter: "{b}" } };
    var left = chart("map-leagues"), right = chart("map-provinces");
    if (left) { left.setOption(option("nmg", m.leagues, leagues.features, extra)); left.on("click", clicked); }
    if (right) { right.setOption(option("china", m.provinces, provinces.features, null)); right.on("click", clicked); }
    drawUnits(m, lo, hi, unit);
    fillTable(m, names, pages, boardOf);
  }

  // The "12+2" as bars in the order reports list them: a figure opens its
  // sentence, a share (or a unit without a figure) the unit's own page.
  function drawUnits(m, lo, hi, unit) {
    var bars = chart("chart-units");
    if (!bars || !m.units) return;
    var items = m.units.map(function (u) {
      var entry = m.leagues[u.code], value = valueOf(entry);
      var href = m.metric === "indicator" && entry && entry.href ? entry.href : u.href;
      return { value: value, href: href, tip: u.name + "：" + describe(entry, m.metric) };
    });
    bars.setOption({
      animation: false,
      grid: { left: 90, right: 40, top: 20, bottom: 30 },
      tooltip: { trigger: "item", formatter: function (p) { return esc(p.data && p.data.tip); } },
      xAxis: { type: "value", name: unit, min: m.metric === "share" ? 0 : null, max: m.metric === "share" ? 100 : null },
      yAxis: { type: "category", inverse: true, data: m.units.map(function (u) { return u.name; }), axisLabel: { interval: 0 },
        triggerEvent: true },
      visualMap: { show: false, min: lo, max: hi, dimension: 0,
        inRange: { color: m.metric === "share" ? ["#f0b8b8", "#f5e6a8", "#9be9a8", "#216e39"] : ["#deebf7", "#08519c"] } },
      series: [{ type: "bar", data: items, barMaxWidth: 18, label: { show: true, position: "right",
        formatter: function (p) { return p.value == null ? "暂无" : p.value + (unit || ""); } } }]
    });
    bars.on("click", function (p) {
      if (p.componentType === "yAxis") { go(m.units[p.dataIndex] ? m.units[p.dataIndex].href : null); return; }
      if (p.data) go(p.data.href);
    });
  }

  function fillTable(m, names, pages, boardOf) {
    var body = document.querySelector("#region-table tbody");
    if (!body) return;
    var rows = [];
    [m.leagues, m.provinces].forEach(function (group) {
      Object.keys(group).sort().forEach(function (code) { rows.push([code, group[code]]); });
    });
    function cell(tr, text, href) {
      var td = document.createElement("td");
      if (href) { var a = document.createElement("a"); a.href = href; a.textContent = text; td.appendChild(a); }
      else td.textContent = text;
      tr.appendChild(td);
    }
    rows.forEach(function (r) {
      var tr = document.createElement("tr"), entry = r[1];
      cell(tr, names[r[0]] || r[0], pages[r[0]]);
      cell(tr, r[0]);
      cell(tr, describe(entry, m.metric), entry.href || pages[r[0]] || boardOf(r[0]));
      cell(tr, entry.href ? "原文" : "目标", entry.href || boardOf(r[0]));
      body.appendChild(tr);
    });
  }

  // -- 指标: one small chart per measure and unit, options built by the server ----------------
  var ind = data("indicator-data");
  if (ind) {
    var tip = { trigger: "item", formatter: function (p) {
      return p.data && p.data.tip ? esc(p.data.tip).replace(/\n/g, "<br>") : "";
    } };
    ind.charts.forEach(function (c) {
      var holder = document.getElementById(c.id);
      if (!holder) return;
      holder.style.height = c.height + "px";
      var drawn = chart(c.id);
      if (!drawn) return;
      c.option.tooltip = tip;
      drawn.setOption(c.option);
      drawn.on("click", function (p) { if (p.data) go(p.data.href); });
    });
  }

  // -- sortable tables -------------------------------------------------------------------
  document.querySelectorAll("table.sortable").forEach(function (table) {
    table.querySelectorAll("th").forEach(function (th, col) {
      th.addEventListener("click", function () {
        var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
        var up = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", up ? "ascending" : "descending");
        function key(row) {
          var cell = row.cells[col], raw = cell.getAttribute("data-sort");
          var text = raw != null ? raw : cell.textContent.trim(), num = parseFloat(text);
          return raw != null || /^-?[\d.]+$/.test(text) ? (isNaN(num) ? null : num) : text;
        }
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (x === null || x === "") return 1; if (y === null || y === "") return -1;
          var d = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return up ? d : -d;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });

  // -- 文档: a figure shows its statements ------------------------------------------------
  var text = document.getElementById("text");
  if (text) {
    text.addEventListener("click", function (ev) {
      var fig = ev.target.closest("a.fig");
      if (!fig) return;
      ev.preventDefault();
      document.querySelectorAll(".statement.active").forEach(function (s) { s.classList.remove("active"); });
      var first = null;
      fig.getAttribute("data-st").split(" ").forEach(function (i) {
        var card = document.getElementById("st-" + i);
        if (card) { card.classList.add("active"); first = first || card; }
      });
      if (first) first.scrollIntoView({ block: "nearest" });
    });
    var focus = document.querySelector(".focus");
    if (focus) focus.scrollIntoView({ block: "center" });
  }
})();
