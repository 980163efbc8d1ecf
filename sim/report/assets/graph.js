// graph.js
