// Backprop Lab live chart: one Plotly chart that stays alive in the page and applies only what
// changed.  Served from the app's static folder (copied there by viz/live_chart/element.py);
// the tiny inline loader of the Streamlit component calls window.__blLiveChart.apply(component)
// on every rerun.  Protocol (data from the server, see element.py):
//   {op: "full", seq, fig: "<figure JSON>", config}   Plotly.react (uirevision keeps the zoom)
//   {op: "tail", seq, base, traces: [[i, keep, x, y]]} keep the first `keep` points of trace i,
//                                                       append x/y (typed-array specs)
//   {op: "none", seq}                                   nothing new
// A tail whose `base` is not the seq this chart holds (a remount, a missed update) cannot be
// applied: the chart asks the server for a full figure by setting the state value "resync".
// A chart out of sight (scrolled off screen, or its tab hidden) is not redrawn: its updates go
// into its data only (a full figure is kept aside), and it is drawn once when it comes into
// sight.  Plotly's redraw is most of what a refresh costs the browser, and on a phone most
// charts are below the fold.
(function () {
  "use strict";
  const W = window;
  const TYPES = {f4: Float32Array, f8: Float64Array, i4: Int32Array, u4: Uint32Array,
                 i2: Int16Array, u2: Uint16Array, i1: Int8Array, u1: Uint8Array};

  function plotly(src) {
    if (!W.__blPlotly) {
      W.__blPlotly = W.Plotly ? Promise.resolve(W.Plotly) : new Promise((ok, fail) => {
        const s = document.createElement("script");
        s.src = src;
        s.onload = () => (W.Plotly ? ok(W.Plotly) : fail(new Error("Plotly missing")));
        s.onerror = () => fail(new Error("cannot load " + src));
        document.head.appendChild(s);
      });
    }
    return W.__blPlotly;
  }

  function dec(v) {
    const bin = atob(v.bdata);
    const buf = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) buf[i] = bin.charCodeAt(i);
    const flat = Array.from(new TYPES[v.dtype](buf.buffer));
    if (!v.shape) return flat;
    const dims = String(v.shape).split(",").map(Number);
    if (dims.length < 2) return flat;
    const rows = [];
    for (let r = 0; r < dims[0]; r++) rows.push(flat.slice(r * dims[1], (r + 1) * dims[1]));
    return rows;
  }

  function decodeAll(o) {
    if (Array.isArray(o)) return o.map(decodeAll);
    if (o && typeof o === "object") {
      if (typeof o.bdata === "string" && o.dtype) return dec(o);
      for (const k of Object.keys(o)) o[k] = decodeAll(o[k]);
    }
    return o;
  }

  // Where an update goes: the figure kept aside while out of sight, or the drawn chart's data.
  function target(gd, st) {
    return st.aside ? st.aside.fig.data : gd.data;
  }

  async function step(gd, st, d, component) {
    const P = await plotly(d.plotly);
    const t0 = performance.now();
    if (d.op === "full") {
      const fig = decodeAll(JSON.parse(d.fig));
      if (st.seen) {
        st.aside = null;
        await P.react(gd, fig.data, fig.layout, d.config);
      } else {
        st.aside = {fig: fig, config: d.config};   // drawn when it comes into sight
      }
      st.dirty = false;
      st.fulls += 1;
    } else if (d.seq === st.seq) {
      if (d.expect) check(gd, target(gd, st), d.expect);   // already holds it (nothing new was sent)
      return;
    } else if (d.op === "tail" && d.base === st.seq && st.seq !== null) {
      const data = target(gd, st);
      const idx = [], xs = [], ys = [];
      let append = true;
      for (const [i, keep, x, y] of d.traces) {
        const tr = data[i];
        append = append && keep === tr.x.length && keep === tr.y.length;
        idx.push(i); xs.push([keep, dec(x)]); ys.push([keep, dec(y)]);
      }
      const cut = (arr, p) => Array.from(arr).slice(0, p[0]).concat(p[1]);
      if (!st.seen || st.aside) {              // out of sight: the data only, drawn later
        idx.forEach((i, k) => { data[i].x = cut(data[i].x, xs[k]); data[i].y = cut(data[i].y, ys[k]); });
        st.dirty = !st.aside;
      } else if (append) {
        await P.extendTraces(gd, {x: xs.map((p) => p[1]), y: ys.map((p) => p[1])}, idx);
      } else {
        await P.restyle(gd, {x: idx.map((i, k) => cut(gd.data[i].x, xs[k])),
                             y: idx.map((i, k) => cut(gd.data[i].y, ys[k]))}, idx);
      }
      st.tails += 1;
    } else {
      if (st.asked !== d.seq) {                 // cannot apply: ask for the whole figure once
        st.asked = d.seq;
        component.setStateValue("resync", d.seq + ":" + Date.now());
      }
      return;
    }
    st.seq = d.seq;
    st.ms += performance.now() - t0;
    if (d.expect) check(gd, target(gd, st), d.expect);
    mark(gd, st);
  }

  // Draw what was kept aside or changed while the chart was out of sight.
  async function show(gd, st) {
    if (!st.seen) return;
    const t0 = performance.now();
    if (st.aside) {
      const {fig, config} = st.aside;
      st.aside = null;
      await W.Plotly.react(gd, fig.data, fig.layout, config);
    } else if (st.dirty) {
      st.dirty = false;
      await W.Plotly.redraw(gd);
    } else {
      return;
    }
    st.shows += 1;
    st.ms += performance.now() - t0;
    mark(gd, st);
  }

  function mark(gd, st) {
    gd.dataset.seq = String(st.seq);
    gd.dataset.fulls = String(st.fulls);
    gd.dataset.tails = String(st.tails);
    gd.dataset.shows = String(st.shows);
    gd.dataset.drawn = String(!st.aside && !st.dirty);
    gd.dataset.applyMs = st.ms.toFixed(1);
  }

  // Follow whether the chart can be seen: on screen (an IntersectionObserver on its container)
  // and its tab visible.
  function watch(gd, st, box, component) {
    const update = () => {
      const seen = st.onScreen && !document.hidden;
      if (seen === st.seen) return;
      st.seen = seen;
      if (seen) st.chain = st.chain.then(() => show(gd, st)).catch((e) => fail(gd, st, component, e));
    };
    if (typeof IntersectionObserver === "function") {
      st.onScreen = false;
      new IntersectionObserver((entries) => {
        st.onScreen = entries[entries.length - 1].isIntersecting;
        update();
      }).observe(box);
    }
    document.addEventListener("visibilitychange", update);
    st.seen = st.onScreen && !document.hidden;
  }

  // Test hook (BACKPROP_LAB_LIVE_CHECK=1): compare every point with the figure the server built.
  function check(gd, data, expect) {
    let bad = 0;
    expect.forEach(([x, y], i) => {
      const tr = data[i], ex = dec(x), ey = dec(y);
      const same = (a, b) => a.length === b.length && b.every((v, k) => Object.is(Number(a[k]), v));
      if (!tr || !same(Array.from(tr.x), ex) || !same(Array.from(tr.y), ey)) bad += 1;
    });
    gd.dataset.checked = String(Number(gd.dataset.checked || 0) + 1);
    gd.dataset.mismatched = String(Number(gd.dataset.mismatched || 0) + bad);
  }

  function fail(gd, st, component, e) {
    gd.dataset.error = String(e);
    if (!st.failed) {
      st.failed = true;
      component.setStateValue("failed", String(e));
    }
  }

  function apply(component) {
    const {data, parentElement} = component;
    let gd = parentElement.querySelector("div.bl-live-chart");
    if (!gd) {
      gd = document.createElement("div");
      gd.className = "bl-live-chart";
      gd.style.width = "100%";
      gd.dataset.key = data.key || "";
      parentElement.appendChild(gd);
      gd._bl = {seq: null, asked: null, fulls: 0, tails: 0, shows: 0, ms: 0,
                chain: Promise.resolve(), seen: true, onScreen: true, aside: null, dirty: false};
      watch(gd, gd._bl, parentElement, component);
    }
    const st = gd._bl;
    st.chain = st.chain.then(() => step(gd, st, data, component))
      .catch((e) => fail(gd, st, component, e));
  }

  W.__blLiveChart = {apply: apply};
})();
