// view.js: see below.
