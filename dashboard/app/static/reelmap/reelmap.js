/*
 * Reelmap's Leaflet layers: every production's locations in one shared
 * cluster, each production's route in shooting order, a player that walks
 * the routes through time, and an offline country outline under the tiles.
 *
 * Python (dashboard/app/mapview.py) sends compact JSON and has already
 * escaped every piece of text in it; this file only joins those pieces.
 * It never turns raw text into markup.
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

  /* ---- shared per-map state -------------------------------------------- */

  function state(map) {
    if (map._rm) {
      return map._rm;
    }
    if (!isFinite(map.getMaxZoom())) {
      map.setMaxZoom(18); // no tile layer: the cluster needs a bound
    }
    pane(map, "rmRoutes", 390);
    pane(map, "rmArrows", 395);
    pane(map, "rmHeads", 640);
    var group = L.markerClusterGroup({
      maxClusterRadius: 36,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: true,
      spiderLegPolylineOptions: { weight: 1.5, color: "#555", opacity: 0.6 },
      iconCreateFunction: clusterIcon
    });
    group.on("mouseover", onMarkerOver).on("click", onMarkerClick);
    map.addLayer(group);
    map._rm = {
      group: group,
      renderer: L.canvas({ padding: 0.5, tolerance: 4 }),
      layers: [],
      shown: [],
      routes: [],
      after: [],
      pending: false,
      renders: 0,
      fitted: null
    };
    return map._rm;
  }

  function pane(map, name, z) {
    if (!map.getPane(name)) {
      map.createPane(name).style.zIndex = String(z);
    }
  }

  // Layer adds and removes arrive one production at a time; the cluster is
  // rebuilt once per batch, after the current script has finished.
  function schedule(map, st) {
    if (!st.pending) {
      st.pending = true;
      setTimeout(function () {
        flush(map, st);
      }, 0);
    }
  }

  function flush(map, st) {
    window.__rmT = window.__rmT || []; window.__rmT.push(["flush0", performance.now()]);
    st.pending = false;
    var gone = st.shown.filter(function (l) { return st.layers.indexOf(l) < 0; });
    var fresh = st.layers.filter(function (l) { return st.shown.indexOf(l) < 0; });
    if (gone.length && gone.length === st.shown.length) {
      st.group.clearLayers();
    } else if (gone.length) {
      st.group.removeLayers(markersOf(gone, st));
    }
    if (fresh.length) {
      st.group.addLayers(markersOf(fresh, st));
    }
    st.shown = st.layers.slice();
    window.__rmT.push(["flush1", performance.now()]);
    var after = st.after;
    st.after = [];
    after.forEach(function (fn) { fn(); });
    L.Util.requestAnimFrame(function () {
      st.renders += 1; window.__rmT.push(["raf", performance.now()]);
      var count = st.shown.reduce(function (n, l) { return n + l.size(); }, 0);
      var root = document.documentElement;
      root.setAttribute("data-rm-markers", String(count));
      root.setAttribute("data-rm-renders", String(st.renders));
      map.fire("rm:ready", { markers: count });
    });
  }

  function markersOf(layers, st) {
    var out = [];
    layers.forEach(function (l) { out = out.concat(l.markers(st.renderer)); });
    return out;
  }

  /* ---- clusters, tooltips, popups -------------------------------------- */

  // A cluster is a ring split by production colour around its count.
  function clusterIcon(cluster) {
    var tally = {}, order = [], total = 0;
    cluster.getAllChildMarkers().forEach(function (m) {
      var c = m.options.fillColor;
      if (!tally[c]) { tally[c] = 0; order.push(c); }
      tally[c] += 1;
      total += 1;
    });
    var at = 0, stops = order.map(function (c) {
      var from = at;
      at += (tally[c] / total) * 100;
      return c + " " + from.toFixed(2) + "% " + at.toFixed(2) + "%";
    });
    var size = total < 10 ? 30 : total < 100 ? 36 : total < 1000 ? 42 : 50;
    return L.divIcon({
      className: "rm-cluster",
      iconSize: [size, size],
      html: '<div class="rm-ring" style="background:conic-gradient(' + stops.join(",") +
        ')"><span>' + total + "</span></div>"
    });
  }

  function onMarkerOver(e) {
    withTooltip(e.layer);
  }

  // Runs before st_folium's own click handler (registered later on this
  // group), so the tooltip carrying the mention id is there when it reads it.
  function onMarkerClick(e) {
    var m = e.layer;
    if (m && m._rmLoc) {
      withTooltip(m);
      openDetails(this._map, m);
    }
  }

  function withTooltip(m) {
    if (m && m._rmLoc && !m.getTooltip()) {
      m.bindTooltip(m._rmLoc.tooltipHtml(m._rmIdx), { direction: "top", offset: [0, -6] });
    }
  }

  function openDetails(map, m) {
    var html = m._rmLoc.popupHtml(m._rmIdx);
    var popup = L.popup({ className: "rm-popup", maxWidth: 340, minWidth: 240, autoPanPadding: [24, 24] })
      .setLatLng(m.getLatLng())
      .setContent(html);
    popup._rmId = m._rmLoc.id(m._rmIdx);
    popup.openOn(map);
  }

  /* ---- one production's locations ------------------------------------- */

  // data (one production, column by column; *s are tables the columns index):
  // {label, color, uncertain, lat, lon, id, place, places, approx, role, roles,
  //  when, whens, conf, status, statuses, art, arts: [[url, title, byline]], text}
  R.Locations = L.Layer.extend({
    initialize: function (data) {
      this._data = data;
      this._markers = null;
    },
    onAdd: function (map) {
      var st = state(map);
      st.layers.push(this);
      schedule(map, st);
    },
    onRemove: function (map) {
      var st = state(map);
      st.layers = st.layers.filter(function (l) { return l !== this; }, this);
      schedule(map, st);
    },
    size: function () {
      return this._data.id.length;
    },
    markers: function (renderer) {
      if (!this._markers) {
        var d = this._data, n = d.id.length, out = new Array(n);
        var style = { radius: 6, weight: 1.5, color: "#fff", fillColor: d.color,
          fillOpacity: 0.92, renderer: renderer };
        for (var i = 0; i < n; i++) {
          var m = L.circleMarker([d.lat[i], d.lon[i]], style);
          m._rmLoc = this;
          m._rmIdx = i;
          out[i] = m;
        }
        this._markers = out;
      }
      return this._markers;
    },
    id: function (i) {
      return this._data.id[i];
    },
    find: function (id) {
      var i = this._data.id.indexOf(id);
      return i < 0 ? null : this._markers[i];
    },
    head: function () {
      return '<span class="rm-dot" style="background:' + this._data.color + '"></span>' + this._data.label;
    },
    place: function (i) {
      var d = this._data;
      return d.places[d.place[i]] + (d.approx[i] ? ' <span class="rm-approx">(approximate)</span>' : "");
    },
    tooltipHtml: function (i) {
      // The hidden id is what st_folium hands back to Python on a click.
      return '<span hidden>rm:' + this._data.id[i] + ' </span><b>' + this._data.label + "</b><br>" +
        this.place(i);
    },
    popupHtml: function (i) {
      var d = this._data, sure = "confidence " + d.conf[i] + "%";
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

  R.locations = function (parent, data) {
    window.__rmT = window.__rmT || []; window.__rmT.push(["loc", performance.now()]);
    return new R.Locations(data).addTo(parent);
  };

  /* ---- one production's route ----------------------------------------- */

  // data: {label, color, axis: "date"|"order", stops: [[lat, lon, t, place html]]}
  R.Route = L.Layer.extend({
    initialize: function (data) {
      this._data = data;
    },
    onAdd: function (map) {
      var st = state(map), d = this._data;
      var lls = d.stops.map(function (s) { return L.latLng(s[0], s[1]); });
      this._line = L.polyline(lls, { pane: "rmRoutes", color: d.color, weight: 3, opacity: 0.85,
        lineJoin: "round", interactive: false }).addTo(map);
      this._arrows = L.layerGroup(arrows(map, lls, d.color)).addTo(map);
      st.routes.push(this);
      map.fire("rm:routes");
    },
    onRemove: function (map) {
      var st = state(map);
      this.showUntil(null);
      map.removeLayer(this._line);
      map.removeLayer(this._arrows);
      st.routes = st.routes.filter(function (r) { return r !== this; }, this);
      map.fire("rm:routes");
    },
    span: function () {
      var s = this._data.stops;
      return [s[0][2], s[s.length - 1][2]];
    },
    axis: function () {
      return this._data.axis;
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

  // opts: {fit: signature string or null, selected: mention id or null}
  R.View = L.Layer.extend({
    initialize: function (opts) {
      this._opts = opts;
    },
    onAdd: function (map) {
      var st = state(map), o = this._opts;
      st.after.push(function () {
        if (o.fit && o.fit !== st.fitted && st.shown.length) {
          st.fitted = o.fit;
          var b = st.group.getBounds();
          if (b.isValid()) {
            map.fitBounds(b, { padding: [40, 40], maxZoom: 9, animate: false });
          }
        }
        if (o.selected !== null && o.selected !== undefined) {
          select(map, st, o.selected);
        }
      });
      schedule(map, st);
    },
    onRemove: function () {}
  });

  function select(map, st, id) {
    for (var i = 0; i < st.shown.length; i++) {
      var m = st.shown[i].find(id);
      if (m) {
        m.setStyle({ radius: 9, weight: 3, color: "#111" });
        // The popup opens where the pin is, even inside a cluster: zooming
        // in to reveal it would throw away the view the user came for.
        withTooltip(m);
        openDetails(map, m);
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
        lo = Math.min(lo, s[0]);
        hi = Math.max(hi, s[1]);
      });
      return [lo, hi];
    },
    _refresh: function () {
      var routes = this._routes();
      this._box.style.display = routes.length ? "" : "none";
      this._dates = routes.every(function (r) { return r.axis() === "date"; });
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
      var fmt = this._dates ? dayLabel : function (x) { return "Stop " + (Math.floor(x) + 1); };
      this._label.textContent = done ? fmt(span[0]) + " \u2013 " + fmt(span[1]) : fmt(t);
    }
  });

  /* ---- map setup -------------------------------------------------------- */

  // Country outlines under the tiles: the map still reads as a map when the
  // tile server is unreachable or tiles are switched off.
  function outline(map) {
    pane(map, "rmLand", 150);
    map.getContainer().classList.add("rm-map");
    if (!BASE || !window.topojson || !window.fetch) {
      return;
    }
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
    if (opts.outline) { outline(map); }
    if (opts.time) { new R.TimeControl().addTo(map); }
  };
})(window.L);
