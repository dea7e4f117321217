/*
 * Reelmap's Leaflet layers: every production's locations, clustered on a
 * screen grid when dense (areas such as countries drawn as hollow rings
 * apart from the points), the picked productions' routes through their dated
 * stops, a player that walks the routes through time, a collapsible legend
 * and an offline country outline under the tiles.
 *
 * Python (dashboard/app/mapview.py) sends compact JSON and has already
 * escaped every piece of text in it; this file only joins those pieces.
 * It never turns raw text into markup.
 *
 * Clustering is done here rather than with Leaflet.markercluster: binning
 * the pins in view into screen cells is linear and takes milliseconds for
 * 100,000 pins, where markercluster's tree took seconds. Past that the server
 * sends only the current view: its pins (clustered here as usual) and its
 * own clusters (R.Clusters), which are drawn as they come.
 *
 * Part of Reelmap (MIT licence).
 */
(function (L) {
  "use strict";

  var here = document.currentScript && document.currentScript.src;
  var BASE = here ? new URL("../", here).href : "";
  // Leaflet guesses its image folder from its CSS link, which races with
  // st_folium's script loading: name it outright.
  if (BASE) {
    L.Icon.Default.imagePath = BASE + "leaflet/images/";
  }

  var R = (L.Reelmap = {});
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var CELL = 60; // cluster cell size in screen pixels
  var LIST_MAX = 30; // entries listed in a popup for pins that cannot be told apart

  /* ---- shared per-map state -------------------------------------------- */

  function state(map) {
    if (map._rm) {
      return map._rm;
    }
    if (!isFinite(map.getMaxZoom())) {
      map.setMaxZoom(18); // no tile layer: zooming needs a bound
    }
    pane(map, "rmRoutes", 390);
    pane(map, "rmArrows", 395);
    pane(map, "rmHeads", 640);
    // Everything drawn for the pins lives in this one group, added now, so
    // st_folium's click handler (bound to the map's layers) sees every click.
    var drawn = L.featureGroup().addTo(map);
    drawn.on("mouseover", onOver).on("click", onClick);
    var st = (map._rm = {
      map: map,
      drawn: drawn,
      renderer: L.canvas({ padding: 0.3, tolerance: 4 }),
      layers: [],
      clusters: [], // the server's clusters for the current view
      token: null, // names the server's features for the view, once drawn
      viewZoom: null, // the zoom those features were made for
      routes: [],
      after: [],
      pending: false,
      dirty: false,
      renders: 0,
      draws: 0, // redraws (each pan or zoom is one), for benchmarks
      fitted: null,
      selected: null,
      outline: false,
      touched: 0, // how many times the person has pressed, wheeled or keyed on the map
      legendOpen: null // null until the person opens or closes the legend
    });
    map.on("moveend", function () {
      draw(st);
      reportMove(st);
    });
    ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (name) {
      L.DomEvent.on(map.getContainer(), name, function () { st.touched += 1; });
    });
    return st;
  }

  // st_folium tells Streamlit where the map is 250 ms after a move ends (a
  // debounce): for a map whose features come from the server (st.token set)
  // that was half of what a pan may take. Tell it at once, in st_folium's
  // own format and key order, so that its own report later finds nothing
  // new and sends nothing (see streamlit_folium's updateComponentValue).
  var REPORTED = ["last_clicked", "last_object_clicked", "last_object_clicked_count",
    "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
    "last_active_drawing", "last_geocoder_result", "bounds", "zoom", "last_circle_radius",
    "last_circle_polygon", "center", "selected_layers", "selected_tags"];

  // What st_folium would report now (null outside st_folium). After a move
  // (``pixels``) the centre is read from the map's pixels: Leaflet otherwise
  // returns the exact centre it was last set to until the frame is resized,
  // and st_folium's own report, made after such a resize, would then differ
  // by a fraction of a pixel and rerun the page for nothing.
  function streamlitValue(map, pixels) {
    var g = window.__GLOBAL_DATA__;
    if (!g || !g.returned_objects || g.wrap_longitude) {
      return null;
    }
    if (pixels) {
      map._lastCenter = null; // as Leaflet's own resize handling does
    }
    var now = {
      last_clicked: g.lat_lng_clicked, last_object_clicked: g.last_object_clicked,
      last_object_clicked_count: g.last_object_clicked_count,
      last_object_clicked_tooltip: g.last_object_clicked_tooltip,
      last_object_clicked_popup: g.last_object_clicked_popup, all_drawings: g.all_drawings,
      last_active_drawing: g.last_active_drawing, last_geocoder_result: g.last_geocoder_result,
      bounds: map.getBounds(), zoom: map.getZoom(), last_circle_radius: g.last_circle_radius,
      last_circle_polygon: g.last_circle_polygon, center: map.getCenter(),
      selected_layers: Object.values(g.selected_layers || {}), selected_tags: g.selected_tags
    };
    var data = {};
    REPORTED.forEach(function (key) {
      if (g.returned_objects.indexOf(key) >= 0) { data[key] = now[key]; }
    });
    return data;
  }

  function reportMove(st) {
    var g = window.__GLOBAL_DATA__, S = window.Streamlit, map = st.map;
    if (st.token === null || !S || window.map !== map) {
      return;
    }
    var data = streamlitValue(map, true);
    if (data && JSON.stringify(g.previous_data) !== JSON.stringify(data)) {
      g.previous_data = data;
      S.setComponentValue(data);
    }
  }

  // A fresh map first stands at its start position, which st_folium reports
  // as soon as it takes the map over: a rerun for a position the map leaves
  // a moment later (to fit its pins or go where a link says), and one more
  // run the person's first click must wait behind. Count that position as
  // reported already; the map's first move reports where it went.
  function absorbStart(map) {
    var g = window.__GLOBAL_DATA__, data = streamlitValue(map, false);
    if (data) {
      g.previous_data = data;
    }
  }

  function pane(map, name, z) {
    if (!map.getPane(name)) {
      map.createPane(name).style.zIndex = String(z);
    }
  }

  // Layers arrive and leave one production at a time; redraw once per
  // batch, after the current script has finished and their data is unpacked.
  function schedule(st) {
    if (!st.pending) {
      st.pending = true;
      setTimeout(function () { flush(st); }, 0);
    }
  }

  function flush(st) {
    st.pending = false;
    var all = st.layers.concat(st.clusters);
    Promise.all(all.map(function (l) { return l._ready; })).then(function () { settle(st); });
  }

  function settle(st) {
    st.dirty = true;
    var after = st.after;
    st.after = [];
    after.forEach(function (fn) { fn(); });
    if (st.dirty) {
      draw(st);
    }
    var map = st.map;
    L.Util.requestAnimFrame(function () {
      st.renders += 1;
      var count = st.layers.reduce(function (n, l) { return n + l.size(); }, 0);
      var root = document.documentElement;
      root.setAttribute("data-rm-markers", String(count));
      root.setAttribute("data-rm-clusters", String(st.clusters.reduce(function (n, c) {
        return n + c.size(); }, 0)));
      root.setAttribute("data-rm-clustered", String(st.clusters.reduce(function (n, c) {
        return n + c.points(); }, 0)));
      if (st.token !== null) {
        root.setAttribute("data-rm-view", st.token);
      } else {
        root.removeAttribute("data-rm-view");
      }
      if (st.viewZoom !== null) {
        root.setAttribute("data-rm-view-zoom", String(st.viewZoom));
      } else {
        root.removeAttribute("data-rm-view-zoom");
      }
      root.setAttribute("data-rm-renders", String(st.renders));
      map.fire("rm:ready", { markers: count });
      setTimeout(function () {
        st.layers.forEach(function (l) { l.details(); }); // so the first popup opens at once
      }, 0);
      if (st.outline) {
        st.outline = false;
        outline(map); // after the pins, so it never delays them
      }
    });
  }

  // Big payloads travel as base64 of deflated JSON (see map_assets.js_data).
  R.unpack = function (packed) {
    var bin = atob(packed), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).text().then(JSON.parse);
  };

  /* ---- drawing: pins binned into screen cells -------------------------- */

  function draw(st) {
    st.dirty = false;
    var map = st.map;
    if (!map._loaded) {
      return;
    }
    var zoom = map.getZoom();
    var size = zoom >= map.getMaxZoom() ? 2 : CELL; // at the last zoom only near-identical pins merge
    var scale = (256 * Math.pow(2, zoom)) / size;
    var view = map.getBounds().pad(0.3);
    var south = view.getSouth(), north = view.getNorth();
    var west = view.getWest(), east = view.getEast(), wrap = east - west >= 360;
    var cells = new Map(), areas = [];
    st.layers.forEach(function (layer) {
      var d = layer._data, n = d ? d.id.length : 0; // null while still unpacking
      for (var i = 0; i < n; i++) {
        if (d.area && d.area[i]) {
          areas.push(layer.marker(i, st.renderer)); // never clustered with points
          continue;
        }
        var lat = d.lat[i], lon = d.lon[i];
        if (lat < south || lat > north || (!wrap && (lon < west || lon > east))) { continue; }
        var rad = (lat * Math.PI) / 180;
        var x = Math.floor(((lon + 180) / 360) * scale);
        var y = Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * scale);
        var key = x * 4194304 + y;
        var cell = cells.get(key);
        if (!cell) {
          cells.set(key, (cell = { lat: 0, lon: 0, members: [] }));
        }
        cell.lat += lat;
        cell.lon += lon;
        cell.members.push(layer, i);
      }
    });
    // The server's clusters stay put while only the view moves: keep their
    // markers rather than take a few hundred out of the page and put them
    // back (tens of milliseconds on every pan). Everything else is redrawn.
    var kept = new Set();
    st.clusters.forEach(function (layer) {
      for (var i = 0; i < layer.size(); i++) { kept.add(layer.marker(i)); }
    });
    st.drawn.eachLayer(function (l) {
      if (!kept.has(l)) { st.drawn.removeLayer(l); }
    });
    areas.forEach(function (ring) { st.drawn.addLayer(ring); }); // under the points
    cells.forEach(function (cell) {
      var n = cell.members.length / 2;
      if (n === 1) {
        st.drawn.addLayer(cell.members[0].marker(cell.members[1], st.renderer));
      } else {
        var m = L.marker([cell.lat / n, cell.lon / n], { icon: clusterIcon(cell), keyboard: false });
        m._rmCell = cell;
        st.drawn.addLayer(m);
      }
    });
    kept.forEach(function (m) {
      if (!st.drawn.hasLayer(m)) { st.drawn.addLayer(m); } // markers: stacked by latitude, not order
    });
    if (st.selected) {
      var s = st.selected;
      st.drawn.addLayer(L.circleMarker(s.layer.latLng(s.i), { renderer: st.renderer, radius: 11,
        weight: 3, color: "#111", fill: false, interactive: false }));
    }
    st.draws += 1;
    document.documentElement.setAttribute("data-rm-draws", String(st.draws));
  }

  // A cluster is a ring split by production colour around its count.
  function clusterIcon(cell) {
    var tally = {}, order = [], m = cell.members;
    for (var k = 0; k < m.length; k += 2) {
      var c = m[k]._data.color;
      if (!tally[c]) { tally[c] = 0; order.push(c); }
      tally[c] += 1;
    }
    return ringIcon(order.map(function (c) { return [c, tally[c]]; }), m.length / 2);
  }

  // shares: [[colour, pins], ...] in drawing order; total: the count shown.
  function ringIcon(shares, total, className) {
    var at = 0, stops = shares.map(function (share) {
      var from = at;
      at += (share[1] / total) * 100;
      return share[0] + " " + from.toFixed(2) + "% " + at.toFixed(2) + "%";
    });
    var px = total < 10 ? 30 : total < 100 ? 36 : total < 1000 ? 42 : total < 100000 ? 50 : 56;
    return L.divIcon({
      className: className || "rm-cluster",
      iconSize: [px, px],
      html: '<div class="rm-ring" style="background:conic-gradient(' + stops.join(",") +
        ')"><span>' + total + "</span></div>"
    });
  }

  // Tooltips are bound on first hover: binding 100,000 up front costs seconds.
  function onOver(e) {
    if (e.layer._rmLoc && !e.layer.getTooltip()) {
      withTooltip(e.layer);
      e.layer.openTooltip();
    }
  }

  // Runs before st_folium's own click handler (registered later on the same
  // group), so the tooltip carrying the mention id is there when it reads it.
  function onClick(e) {
    var m = e.layer, map = this._map;
    if (m._rmLoc) {
      withTooltip(m);
      openDetails(map, m._rmLoc, m._rmIdx);
    } else if (m._rmCell) {
      openCell(map, m._rmCell);
    } else if (m._rmServer) {
      m._rmServer.zoomIn(map, m._rmIdx);
    }
  }

  // Bound at once with what is known; the place follows with the details.
  function withTooltip(m) {
    if (m && m._rmLoc && !m.getTooltip()) {
      var layer = m._rmLoc, i = m._rmIdx;
      m.bindTooltip(layer.tooltipHtml(i), { direction: "top", offset: [0, -6] });
      layer.details().then(function () { m.setTooltipContent(layer.tooltipHtml(i)); });
    }
  }

  function openDetails(map, layer, i) {
    layer.details().then(function () {
      L.popup({ className: "rm-popup", maxWidth: 340, minWidth: 240, autoPanPadding: [24, 24] })
        .setLatLng(layer.latLng(i))
        .setContent(layer.popupHtml(i))
        .openOn(map);
    });
  }

  // Zoom into a cluster; when that cannot separate its pins, list them.
  function openCell(map, cell) {
    var m = cell.members, bounds = L.latLngBounds([]);
    for (var k = 0; k < m.length; k += 2) { bounds.extend(m[k].latLng(m[k + 1])); }
    var zoom = map.getZoom(), target = Math.min(map.getBoundsZoom(bounds, false, [40, 40]), map.getMaxZoom());
    if (target > zoom && bounds.getNorthEast().distanceTo(bounds.getSouthWest()) > 1) {
      map.fitBounds(bounds, { padding: [40, 40], maxZoom: target });
      return;
    }
    var loading = [];
    for (k = 0; k < m.length; k += 2) { loading.push(m[k].details()); }
    Promise.all(loading).then(function () { listCell(map, cell, bounds); });
  }

  function listCell(map, cell, bounds) {
    var m = cell.members, items = [];
    for (var k = 0; k < m.length && items.length < LIST_MAX; k += 2) {
      items.push('<li><a href="#" data-rm-member="' + k + '">' + m[k].listHtml(m[k + 1]) + "</a></li>");
    }
    var more = m.length / 2 - items.length;
    var box = L.DomUtil.create("div", "rm-pop");
    box.innerHTML = '<div class="rm-pop-head">' + m.length / 2 + " mentions here</div>" +
      '<ul class="rm-list">' + items.join("") + "</ul>" + (more > 0 ? '<div class="rm-more">and ' + more + " more</div>" : "");
    L.DomEvent.on(box, "click", function (ev) {
      var link = ev.target.closest && ev.target.closest("[data-rm-member]");
      if (!link) { return; }
      L.DomEvent.preventDefault(ev);
      var k = Number(link.getAttribute("data-rm-member")), layer = m[k], i = m[k + 1];
      var marker = layer.marker(i, map._rm.renderer);
      withTooltip(marker);
      // Tell st_folium as if the pin itself had been clicked.
      map._rm.drawn.fire("click", { layer: marker, sourceTarget: marker, latlng: marker.getLatLng() });
    });
    L.popup({ className: "rm-popup", maxWidth: 340, minWidth: 240 })
      .setLatLng(bounds.getCenter())
      .setContent(box)
      .openOn(map);
  }

  /* ---- marker shapes ---------------------------------------------------- */

  // Past the palette, productions differ by shape: a canvas marker drawn as a
  // square, diamond or triangle (clicks still hit within its radius).
  var CORNERS = {
    square: [[-1, -1], [1, -1], [1, 1], [-1, 1]],
    diamond: [[0, -1.3], [1.3, 0], [0, 1.3], [-1.3, 0]],
    triangle: [[0, -1.35], [1.2, 0.9], [-1.2, 0.9]]
  };
  R.ShapeMarker = L.CircleMarker.extend({
    options: { shape: "circle" },
    _updatePath: function () {
      var corners = CORNERS[this.options.shape], r = this._renderer;
      if (!corners || !r._ctx) {
        L.CircleMarker.prototype._updatePath.call(this);
        return;
      }
      if (!r._drawing || this._empty()) { return; }
      var p = this._point, ctx = r._ctx, k = this._radius;
      ctx.beginPath();
      corners.forEach(function (c, n) {
        ctx[n ? "lineTo" : "moveTo"](p.x + c[0] * k, p.y + c[1] * k);
      });
      ctx.closePath();
      r._fillStroke(ctx, this);
    }
  });

  // A country or region at about its size: only its rim (and its centre)
  // take clicks, so the pins and the map inside it stay clickable.
  R.AreaRing = L.Circle.extend({
    _containsPoint: function (p) {
      var d = p.distanceTo(this._point), slack = this._clickTolerance() + 3;
      return Math.abs(d - this._radius) <= slack || d <= slack + 4;
    }
  });

  /* ---- one production's locations ------------------------------------- */

  // pins: {label, color, shape, lat, lon, id, area?}, or a promise of it (a
  // packed payload); area, when present, is each place's reach in metres
  // (0 for a point): a country or region is a hollow ring that big;
  // details: a function giving (a promise of) what popups and tooltips show,
  // column by column, *s being tables the columns index:
  // {uncertain, place, places, approx, role, roles, when, whens, conf,
  //  status, statuses, art, arts: [[url, title, byline]], text}.
  // Details are read after the pins are drawn, or when first needed.
  R.Locations = L.Layer.extend({
    initialize: function (pins, details) {
      var self = this;
      this._data = null;
      this._more = null;
      this._load = details;
      this._loading = null;
      this._markers = [];
      this._ready = Promise.resolve(pins).then(function (d) { self._data = d; });
    },
    details: function () {
      if (!this._loading) {
        var self = this;
        this._loading = Promise.resolve(this._load()).then(function (d) { self._more = d; });
      }
      return this._loading;
    },
    onAdd: function (map) {
      var st = state(map);
      st.layers.push(this);
      schedule(st);
    },
    onRemove: function (map) {
      var st = state(map);
      st.layers = st.layers.filter(function (l) { return l !== this; }, this);
      if (st.selected && st.selected.layer === this) { st.selected = null; }
      schedule(st);
    },
    size: function () {
      return this._data ? this._data.id.length : 0;
    },
    latLng: function (i) {
      return L.latLng(this._data.lat[i], this._data.lon[i]);
    },
    marker: function (i, renderer) {
      if (!this._markers[i]) {
        var d = this._data, m;
        if (d.area && d.area[i]) {
          m = new R.AreaRing(this.latLng(i), { renderer: renderer, radius: d.area[i], weight: 2.5,
            color: d.color, dashArray: "7 5", fill: true, fillColor: d.color, fillOpacity: 0.07,
            className: "rm-area" });
        } else {
          m = new R.ShapeMarker(this.latLng(i), { renderer: renderer, radius: 6, weight: 1.5,
            color: "#fff", fillColor: d.color, fillOpacity: 0.92, shape: d.shape });
        }
        m._rmLoc = this;
        m._rmIdx = i;
        this._markers[i] = m;
      }
      return this._markers[i];
    },
    find: function (id) {
      return this._data ? this._data.id.indexOf(id) : -1;
    },
    head: function () {
      return '<span class="rm-dot rm-shape-' + this._data.shape + '" style="background:' +
        this._data.color + '"></span>' + this._data.label;
    },
    place: function (i) {
      var d = this._more, area = this._data.area && this._data.area[i];
      return d.places[d.place[i]] + (d.approx[i] ? ' <span class="rm-approx">(approximate)</span>' : "") +
        (area ? ' <span class="rm-approx">(somewhere in this area)</span>' : "");
    },
    tooltipHtml: function (i) {
      // The hidden id is what st_folium hands back to Python on a click.
      return '<span hidden>rm:' + this._data.id[i] + ' </span><b>' + this._data.label + "</b>" +
        (this._more ? "<br>" + this.place(i) : "");
    },
    listHtml: function (i) {
      var d = this._more, when = d.whens[d.when[i]];
      return this.head() + " \u00b7 " + this.place(i) + (when ? " \u00b7 " + when : "");
    },
    popupHtml: function (i) {
      var d = this._more, sure = "confidence " + d.conf[i] + "%";
      if (d.conf[i] < d.uncertain) {
        sure = '<span class="rm-uncertain">uncertain, ' + sure + "</span>";
      }
      var meta = [d.roles[d.role[i]], d.whens[d.when[i]], sure, d.statuses[d.status[i]]]
        .filter(Boolean).join(" \u00b7 ");
      var a = d.arts[d.art[i]];
      var title = a[0] ? '<a href="' + a[0] + '" target="_blank" rel="noopener noreferrer">' + a[1] + "</a>" : a[1];
      return '<div class="rm-pop"><div class="rm-pop-head">' + this.head() + "</div>" +
        '<div class="rm-place">' + this.place(i) + '</div><div class="rm-meta">' + meta + "</div>" +
        (d.text[i] ? '<blockquote class="rm-quote">' + d.text[i] + "</blockquote>" : "") +
        '<div class="rm-src">' + title + (a[2] ? "<br>" + a[2] : "") + "</div></div>";
    }
  });

  R.locations = function (parent, pins, details) {
    return new R.Locations(pins, details).addTo(parent);
  };

  /* ---- the server's clusters (dashboard/app/aggregate.py) ----------------- */

  // data: {lat, lon, count, bounds: [[s, w, n, e]], shares: [[[colour, pins]]]},
  // column by column, or a promise of it. Drawn where the server put them;
  // a click zooms onto the cluster's points, and the view the map then
  // reports brings the server's features for it.
  R.Clusters = L.Layer.extend({
    initialize: function (data) {
      var self = this;
      this._data = null;
      this._markers = [];
      this._ready = Promise.resolve(data).then(function (d) { self._data = d; });
    },
    onAdd: function (map) {
      var st = state(map);
      st.clusters.push(this);
      schedule(st);
    },
    onRemove: function (map) {
      var st = state(map);
      st.clusters = st.clusters.filter(function (c) { return c !== this; }, this);
      schedule(st);
    },
    size: function () {
      return this._data ? this._data.count.length : 0;
    },
    points: function () {
      return this._data ? this._data.count.reduce(function (n, c) { return n + c; }, 0) : 0;
    },
    marker: function (i) {
      if (!this._markers[i]) {
        var d = this._data;
        var m = L.marker([d.lat[i], d.lon[i]], { keyboard: false,
          icon: ringIcon(d.shares[i], d.count[i], "rm-cluster rm-server"),
          title: d.count[i] + " locations: click to zoom in" });
        m._rmServer = this;
        m._rmIdx = i;
        this._markers[i] = m;
      }
      return this._markers[i];
    },
    zoomIn: function (map, i) {
      var b = this._data.bounds[i], bounds = L.latLngBounds([b[0], b[1]], [b[2], b[3]]);
      var zoom = map.getZoom(), most = map.getMaxZoom();
      var target = Math.min(map.getBoundsZoom(bounds, false, [40, 40]), most);
      if (target > zoom) {
        map.fitBounds(bounds, { padding: [40, 40], maxZoom: target });
      } else {
        map.setView([this._data.lat[i], this._data.lon[i]], Math.min(zoom + 2, most));
      }
    }
  });

  R.clusters = function (parent, data) {
    return new R.Clusters(data).addTo(parent);
  };

  /* ---- one production's route ----------------------------------------- */

  // data: {label, color, stops: [[lat, lon, day, place html]], undated: count},
  // or a promise of it (a packed payload). Only dated stops are joined, in
  // date order; undated ones stay pins and are only counted.
  R.Route = L.Layer.extend({
    initialize: function (data) {
      var self = this;
      this._data = null;
      this._ready = Promise.resolve(data).then(function (d) { self._data = d; });
    },
    onAdd: function (map) {
      this._ready.then(L.bind(function () {
        if (this._map === map && !this._line) { this._draw(map); }
      }, this));
    },
    _draw: function (map) {
      var d = this._data;
      var lls = d.stops.map(function (s) { return L.latLng(s[0], s[1]); });
      this._line = L.polyline(lls, { pane: "rmRoutes", color: d.color, weight: 3, opacity: 0.85,
        lineJoin: "round", interactive: false }).addTo(map);
      this._arrows = L.layerGroup(arrows(map, lls, d.color)).addTo(map);
      state(map).routes.push(this);
      map.fire("rm:routes");
    },
    onRemove: function (map) {
      if (!this._line) { return; }
      var st = state(map);
      this.showUntil(null);
      map.removeLayer(this._line);
      map.removeLayer(this._arrows);
      this._line = null;
      st.routes = st.routes.filter(function (r) { return r !== this; }, this);
      map.fire("rm:routes");
    },
    span: function () {
      var s = this._data.stops;
      return s.length ? [s[0][2], s[s.length - 1][2]] : null;
    },
    undated: function () {
      return this._data.undated || 0;
    },
    // Draws the route as travelled by time t (null: back to the whole route).
    showUntil: function (t) {
      var map = this._map, d = this._data, s = d.stops;
      if (t === null) {
        if (this._trail) { map.removeLayer(this._trail); this._trail = null; }
        if (this._head) { map.removeLayer(this._head); this._head = null; }
        this._line.setStyle({ opacity: 0.85 });
        return;
      }
      this._line.setStyle({ opacity: 0.2 });
      var pts = [], k = 0;
      while (k < s.length && s[k][2] <= t) {
        pts.push(L.latLng(s[k][0], s[k][1]));
        k += 1;
      }
      if (k === 0) {
        this.showUntil(null);
        this._line.setStyle({ opacity: 0.2 });
        return;
      }
      var at = pts[pts.length - 1];
      if (k < s.length) {
        // Stay at a stop for most of the gap, then travel to the next one.
        var a = s[k - 1], b = s[k], f = (t - a[2]) / (b[2] - a[2]);
        var g = Math.max(0, (f - 0.7) / 0.3);
        at = L.latLng(a[0] + (b[0] - a[0]) * g, a[1] + (b[1] - a[1]) * g);
        pts.push(at);
      }
      if (!this._trail) {
        this._trail = L.polyline(pts, { pane: "rmRoutes", color: d.color, weight: 5, opacity: 1,
          lineJoin: "round", interactive: false }).addTo(map);
        this._head = L.circleMarker(at, { pane: "rmHeads", radius: 9, weight: 3, color: "#fff",
          fillColor: d.color, fillOpacity: 1, interactive: false }).addTo(map);
        this._head.bindTooltip("", { permanent: true, direction: "right", offset: [10, 0],
          className: "rm-head-label" });
      } else {
        this._trail.setLatLngs(pts);
        this._head.setLatLng(at);
      }
      this._head.setTooltipContent("<b>" + d.label + "</b><br>" + s[k - 1][3]);
    }
  });

  // Small chevrons halfway along each leg show which way the shoot moved.
  function arrows(map, lls, color) {
    if (lls.length < 2 || lls.length > 80) {
      return [];
    }
    var out = [];
    for (var i = 1; i < lls.length; i++) {
      var a = map.project(lls[i - 1], 4), b = map.project(lls[i], 4);
      if (a.distanceTo(b) < 2) { continue; }
      var deg = (Math.atan2(b.y - a.y, b.x - a.x) * 180) / Math.PI;
      var mid = map.unproject(a.add(b).divideBy(2), 4);
      out.push(L.marker(mid, {
        pane: "rmArrows",
        interactive: false,
        keyboard: false,
        icon: L.divIcon({
          className: "rm-arrow",
          iconSize: [14, 14],
          html: '<div style="transform:rotate(' + deg.toFixed(1) + "deg);color:" + color + '">&#10148;</div>'
        })
      }));
    }
    return out;
  }

  R.route = function (parent, data) {
    return new R.Route(data).addTo(parent);
  };

  /* ---- view: fit to the data, open the selected pin --------------------- */

  // opts: {fit: [[south, west], [north, east]] or null, selected: mention id or null,
  //        token: what names the server's features for a view (large sets only),
  //        zoom: the zoom those features were made for (large sets only)}
  // The map moves onto new bounds once the pins are in, unless the person
  // pressed, wheeled or keyed on the map meanwhile. Python sends no bounds
  // when it asks for a view (from the URL, say). The same bounds twice
  // (another pin selected, say) never move the map. Whether the map moved
  // is not asked of its centre: a frame resize moves the centre too, and
  // under load that used to cost the fit.
  R.View = L.Layer.extend({
    initialize: function (opts) {
      this._opts = opts;
    },
    onAdd: function (map) {
      var st = state(map), o = this._opts, bounds = JSON.stringify(o.fit);
      var touched = st.touched;
      st.after.push(function () {
        st.token = o.token === undefined ? null : o.token;
        st.viewZoom = o.zoom === undefined ? null : o.zoom;
        if (o.fit && bounds !== st.fitted && st.touched === touched) {
          map.fitBounds(o.fit, { padding: [40, 40], maxZoom: 9, animate: false }); // mapview.FIT_MAX_ZOOM
        }
        st.fitted = bounds;
        st.selected = null;
        if (o.selected !== null && o.selected !== undefined) {
          select(map, st, o.selected);
        }
      });
      schedule(st);
    },
    onRemove: function () {}
  });

  // The popup opens where the pin is, even inside a cluster: zooming in to
  // reveal it would throw away the view the user came for.
  function select(map, st, id) {
    for (var k = 0; k < st.layers.length; k++) {
      var i = st.layers[k].find(id);
      if (i >= 0) {
        st.selected = { layer: st.layers[k], i: i };
        st.dirty = true;
        openDetails(map, st.layers[k], i);
        return;
      }
    }
  }

  R.view = function (parent, opts) {
    return new R.View(opts).addTo(parent);
  };

  /* ---- time player ------------------------------------------------------ */

  function dayLabel(t) {
    var d = new Date(Math.round(t) * 864e5);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear();
  }

  R.TimeControl = L.Control.extend({
    options: { position: "bottomleft", duration: 12000 },
    onAdd: function (map) {
      var box = L.DomUtil.create("div", "rm-time leaflet-bar");
      this._btn = L.DomUtil.create("button", "rm-time-play", box);
      this._btn.type = "button";
      this._range = L.DomUtil.create("input", "rm-time-range", box);
      this._range.type = "range";
      this._range.min = "0";
      this._range.max = "1000";
      this._range.setAttribute("aria-label", "Time");
      this._label = L.DomUtil.create("span", "rm-time-label", box);
      this._note = L.DomUtil.create("span", "rm-time-note", box);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      L.DomEvent.on(this._btn, "click", this._toggle, this);
      L.DomEvent.on(this._range, "input", this._scrub, this);
      this._box = box;
      this._frac = 1;
      this._playing = false;
      map.on("rm:routes", this._refresh, this);
      this._refresh();
      return box;
    },
    onRemove: function (map) {
      this._playing = false;
      map.off("rm:routes", this._refresh, this);
    },
    _routes: function () {
      return this._map && this._map._rm ? this._map._rm.routes : [];
    },
    _span: function () {
      var lo = Infinity, hi = -Infinity;
      this._routes().forEach(function (r) {
        var s = r.span();
        if (s) {
          lo = Math.min(lo, s[0]);
          hi = Math.max(hi, s[1]);
        }
      });
      return [lo, hi];
    },
    // Routes come and go a production at a time: update once per frame.
    _refresh: function () {
      if (!this._queued) {
        this._queued = true;
        L.Util.requestAnimFrame(this._update, this);
      }
    },
    _update: function () {
      this._queued = false;
      var routes = this._routes();
      var undated = routes.reduce(function (n, r) { return n + r.undated(); }, 0);
      this._box.style.display = isFinite(this._span()[0]) ? "" : "none";
      this._note.textContent = undated ? "+ " + undated + " undated" : "";
      this._note.title = undated ? undated + (undated === 1 ? " place has" : " places have") +
        " no date: shown on the map, not in the route" : "";
      this._show(this._frac);
      this._setButton();
    },
    _setButton: function () {
      this._btn.textContent = this._playing ? "\u275A\u275A" : "\u25B6";
      this._btn.title = this._playing ? "Pause" : "Play the shoot";
      this._btn.setAttribute("aria-label", this._btn.title);
    },
    _toggle: function () {
      this._playing = !this._playing;
      if (this._playing) {
        if (this._frac >= 1) { this._frac = 0; }
        this._last = null;
        L.Util.requestAnimFrame(this._tick, this);
      }
      this._setButton();
    },
    _tick: function (now) {
      if (!this._playing) { return; }
      if (this._last !== null) {
        this._frac = Math.min(1, this._frac + (now - this._last) / this.options.duration);
      }
      this._last = now;
      this._show(this._frac);
      if (this._frac >= 1) {
        this._playing = false;
        this._setButton();
      } else {
        L.Util.requestAnimFrame(this._tick, this);
      }
    },
    _scrub: function () {
      this._playing = false;
      this._setButton();
      this._show(Number(this._range.value) / 1000);
    },
    _show: function (frac) {
      this._frac = frac;
      this._range.value = String(Math.round(frac * 1000));
      var span = this._span();
      if (!isFinite(span[0])) { return; }
      var t = span[0] + frac * (span[1] - span[0]);
      var done = frac >= 1;
      this._routes().forEach(function (r) { r.showUntil(done ? null : t); });
      this._label.textContent = done && span[1] > span[0] ?
        dayLabel(span[0]) + " \u2013 " + dayLabel(span[1]) : dayLabel(t);
    }
  });

  /* ---- legend ------------------------------------------------------------ */

  // The layer control lists the productions and doubles as the legend. It
  // gets a header that folds it away; on a narrow map it starts folded, and
  // it keeps the person's choice when new data replaces it.
  var NARROW = 480;
  var layersOnAdd = L.Control.Layers.prototype.onAdd;
  L.Control.Layers.include({
    onAdd: function (map) {
      var box = layersOnAdd.call(this, map);
      if (map._rm) { legend(map._rm, box); }
      return box;
    }
  });

  function legend(st, box) {
    var head = L.DomUtil.create("button", "rm-legend-head", box);
    head.type = "button";
    box.insertBefore(head, box.firstChild);
    L.DomUtil.addClass(box, "rm-legend");
    function show(open) {
      box.classList.toggle("rm-legend-closed", !open);
      head.setAttribute("aria-expanded", String(open));
      head.textContent = "Productions " + (open ? "\u25B4" : "\u25BE");
      head.title = open ? "Hide the legend" : "Show the legend";
    }
    var open = st.legendOpen !== null ? st.legendOpen : st.map.getSize().x >= NARROW;
    show(open);
    L.DomEvent.on(head, "click", function (ev) {
      L.DomEvent.stop(ev);
      st.legendOpen = box.classList.contains("rm-legend-closed");
      show(st.legendOpen);
    });
  }

  /* ---- map setup -------------------------------------------------------- */

  // Country outlines under the tiles: the map still reads as a map when the
  // tile server is unreachable or tiles are switched off.
  function outline(map) {
    if (!BASE || !window.fetch) {
      return;
    }
    var script = document.createElement("script");
    script.src = BASE + "topojson-client/topojson-client.min.js";
    script.onload = function () {
      fetch(BASE + "world-atlas/countries-110m.json")
        .then(function (r) { return r.json(); })
        .then(function (topo) {
          var land = window.topojson.feature(topo, topo.objects.countries);
          land.features.forEach(function (f) { unwrap(f.geometry); });
          L.geoJSON(land, {
            pane: "rmLand",
            interactive: false,
            style: { color: "#b8b2a6", weight: 0.8, fillColor: "#f3f0e8", fillOpacity: 1 }
          }).addTo(map);
        })
        .catch(function () {});
    };
    document.head.appendChild(script);
  }

  // Rings that cross the antimeridian jump from +180 to -180 and would be
  // drawn as bands across the whole map; keep their longitudes continuous.
  function unwrap(geometry) {
    var polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
    polygons.forEach(function (rings) {
      rings.forEach(function (ring) {
        for (var i = 1; i < ring.length; i++) {
          var jump = ring[i][0] - ring[i - 1][0];
          if (jump > 180) { ring[i][0] -= 360; } else if (jump < -180) { ring[i][0] += 360; }
        }
      });
    });
  }

  // opts: {time: bool, outline: bool}
  R.setup = function (map, opts) {
    state(map);
    absorbStart(map);
    if (opts.outline) {
      pane(map, "rmLand", 150);
      map.getContainer().classList.add("rm-map");
      state(map).outline = true;
    }
    if (opts.time) { new R.TimeControl().addTo(map); }
  };
})(window.L);
