// Full-text search on /suche/ with Pagefind. Only this page loads the index: the form submits
// ?q=… (from here or from the search field in every page's header), and this script asks
// Pagefind for the few index chunks that the query needs.
const script = document.querySelector("script[data-mr-search]");
const bundle = new URL(script.dataset.bundle, location.href);
const siteRoot = new URL(script.dataset.root, location.href).pathname;
const input = document.getElementById("mr-search-page-field");
const status = document.getElementById("mr-search-status");
const list = document.getElementById("mr-search-results");
const more = document.getElementById("mr-search-more");
const PAGE_SIZE = 20;

const query = (new URLSearchParams(location.search).get("q") || "").trim();
input.value = query;

let results = [];
let shown = 0;

function plural(count) {
  return count === 1 ? "1 Treffer" : `${count} Treffer`;
}

function announce() {
  if (!results.length) {
    status.textContent = `Keine Treffer für „${query}“. Versuchen Sie ein anderes oder ein kürzeres Wort.`;
  } else if (shown < results.length) {
    status.textContent = `${plural(results.length)} für „${query}“, ${shown} davon werden angezeigt.`;
  } else {
    status.textContent = `${plural(results.length)} für „${query}“.`;
  }
}

async function showMore() {
  const next = results.slice(shown, shown + PAGE_SIZE);
  const pages = await Promise.all(next.map((result) => result.data()));
  let first = null;
  for (const data of pages) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    heading.className = "mr-search-results__title";
    const link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    heading.append(link);
    const excerpt = document.createElement("p");
    excerpt.innerHTML = data.excerpt; // Pagefind's own excerpt of our pages, with <mark> around hits
    item.append(heading, excerpt);
    list.append(item);
    first = first || link;
  }
  shown += next.length;
  more.hidden = shown >= results.length;
  announce();
  return first;
}

async function run() {
  if (!query) {
    status.textContent = "Geben Sie einen Suchbegriff ein.";
    return;
  }
  document.title = `„${query}“ – ${document.title}`;
  status.textContent = "Suche läuft …";
  try {
    const pagefind = await import(new URL("pagefind.js", bundle).href);
    await pagefind.options({ baseUrl: siteRoot });
    const search = await pagefind.search(query);
    results = search.results;
    await showMore();
  } catch (error) {
    status.textContent = "Die Suche ist gerade nicht verfügbar. Bitte versuchen Sie es später noch einmal.";
  }
}

more.addEventListener("click", async () => {
  const first = await showMore();
  if (first) first.focus();
});

run();
