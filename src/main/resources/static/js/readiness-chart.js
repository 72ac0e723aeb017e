/*
 * Draws the dashboard's readiness chart from the readiness table next to it, so the chart and the
 * accessible table can never disagree. Bars are stacked shares of each framework's requirements.
 */
(function () {
  'use strict';

  function cssColor(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function render() {
    var canvas = document.getElementById('readiness-chart');
    if (!canvas || typeof window.Chart === 'undefined') {
      return;
    }
    var existing = window.Chart.getChart(canvas);
    if (existing) {
      return;
    }
    var table = document.getElementById(canvas.getAttribute('data-table'));
    if (!table) {
      return;
    }
    var rows = Array.prototype.slice.call(table.querySelectorAll('tbody tr'));
    var header = function (series) {
      var th = table.querySelector('th[data-series="' + series + '"]');
      return th ? th.textContent.trim() : series;
    };
    var number = function (row, name) {
      return parseInt(row.getAttribute('data-' + name), 10) || 0;
    };
    var share = function (row, name) {
      var total = number(row, 'total');
      return total === 0 ? 0 : (number(row, name) * 100) / total;
    };
    var language = document.documentElement.lang || undefined;
    var percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 0 });
    var series = [
      { key: 'ready', color: cssColor('--chart-ready', '#15803d') },
      { key: 'failing', color: cssColor('--chart-failing', '#b91c1c') },
      { key: 'needs', color: cssColor('--chart-needs', '#cbd5e1') }
    ];

    new window.Chart(canvas, {
      type: 'bar',
      data: {
        labels: rows.map(function (row) {
          return row.getAttribute('data-name') + '  ' + row.getAttribute('data-readiness');
        }),
        datasets: series.map(function (s) {
          return {
            label: header(s.key),
            data: rows.map(function (row) { return share(row, s.key); }),
            counts: rows.map(function (row) { return number(row, s.key); }),
            backgroundColor: s.color,
            borderWidth: 0,
            barThickness: 18
          };
        })
      },
      options: {
        indexAxis: 'y',
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: {
            stacked: true,
            min: 0,
            max: 100,
            grid: { color: cssColor('--border', '#e2e8f0') },
            ticks: { callback: function (value) { return percent.format(value / 100); }, color: cssColor('--text-muted', '#475569') }
          },
          y: {
            stacked: true,
            grid: { display: false },
            ticks: { color: cssColor('--text', '#0f172a'), font: { weight: '600' } }
          }
        },
        plugins: {
          legend: { position: 'bottom', labels: { boxWidth: 12, boxHeight: 12, color: cssColor('--text', '#0f172a') } },
          tooltip: {
            callbacks: {
              label: function (context) {
                var count = context.dataset.counts[context.dataIndex];
                return context.dataset.label + ': ' + count + ' (' + percent.format(context.raw / 100) + ')';
              }
            }
          }
        }
      }
    });
  }

  document.addEventListener('DOMContentLoaded', render);
  // The dashboard replaces itself while the first collection runs; draw again after each swap.
  document.addEventListener('htmx:afterSettle', render);
})();
