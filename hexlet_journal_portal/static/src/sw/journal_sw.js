// @odoo-module ignore
/*
 * The families' diary stays readable without the network: the last diary
 * opened is kept on the phone and shown when the server or the network is
 * down; the page says when its data are from («данные на 08:12»).
 * Only the diary is kept, and logging out clears it.
 */
const CACHE = "hexlet-journal-diary-v1";
const KEPT = /^\/my\/journal(\/diary)?$/;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("message", (event) => {
    if (event.data === "forget") {
        event.waitUntil(caches.delete(CACHE));
    }
});

self.addEventListener("fetch", (event) => {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== "GET" || request.mode !== "navigate" || !KEPT.test(url.pathname)) {
        return;
    }
    event.respondWith(
        fetch(request)
            .then((response) => {
                if (response.ok && !response.redirected) {
                    const copy = response.clone();
                    caches.open(CACHE).then((cache) => cache.put(url.pathname + url.search, copy));
                }
                return response;
            })
            .catch(async () => {
                const cache = await caches.open(CACHE);
                return (
                    (await cache.match(url.pathname + url.search)) ||
                    (await cache.match("/my/journal")) ||
                    Response.error()
                );
            })
    );
});
