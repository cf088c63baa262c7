// Optional enhancement: the collection's table sorts by a column when its heading is
// pressed, and again the other way when pressed twice. Without JavaScript the table is
// in the collection's order. Periods sort by their place in time (`data-sort`), the rest
// as the page's language sorts text, numbers in accession numbers by their value.
(() => {
  "use strict";
  const table = document.querySelector("table.sortable");
  if (!table || !table.tHead || !window.Intl) return;
  const body = table.tBodies[0];
  const heads = Array.from(table.tHead.rows[0].cells);
  const collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true });
  const key = (row, index) => {
    const cell = row.cells[index];
    return cell.hasAttribute("data-sort") ? Number(cell.getAttribute("data-sort")) : cell.textContent.trim();
  };
  const compare = (a, b) => {
    if (a === "" || b === "") return a === b ? 0 : a === "" ? 1 : -1;  // empty cells last, either way
    return typeof a === "number" && typeof b === "number" ? a - b : collator.compare(String(a), String(b));
  };
  const sortBy = (index, descending) => {
    const rows = Array.from(body.rows).map((row, place) => [key(row, index), place, row]);
    rows.sort((a, b) => {
      const order = compare(a[0], b[0]);
      const flipped = a[0] === "" || b[0] === "" ? order : descending ? -order : order;
      return flipped || a[1] - b[1];
    });
    rows.forEach((entry) => body.appendChild(entry[2]));
    heads.forEach((head, i) => {
      if (i === index) head.setAttribute("aria-sort", descending ? "descending" : "ascending");
      else head.removeAttribute("aria-sort");
    });
  };
  heads.forEach((head, index) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sort";
    while (head.firstChild) button.appendChild(head.firstChild);
    head.appendChild(button);
    button.addEventListener("click", () => sortBy(index, head.getAttribute("aria-sort") === "ascending"));
  });
})();
