import { Interaction } from "@web/public/interaction";
import { registry } from "@web/core/registry";

/**
 * Keeps the last diary on the phone (a service worker scoped to /my/journal)
 * and says so when the page is shown without the network.
 */
export class JournalOffline extends Interaction {
    static selector = ".o_hj_portal";

    start() {
        if ("serviceWorker" in navigator) {
            navigator.serviceWorker
                .register("/my/journal/sw.js", { scope: "/my/journal" })
                .catch(() => {});
        }
        this.addListener(window, "offline", () => this.showOffline(true));
        this.addListener(window, "online", () => this.showOffline(false));
        this.showOffline(!navigator.onLine);
        // logging out forgets the kept diary (a shared phone)
        const logout = document.querySelector("#o_logout");
        if (logout) {
            this.addListener(logout, "click", () => {
                navigator.serviceWorker?.controller?.postMessage("forget");
            });
        }
    }

    showOffline(offline) {
        this.el.querySelector(".o_hj_offline")?.classList.toggle("d-none", !offline);
    }
}

registry.category("public.interactions").add("hexlet_journal_portal.offline", JournalOffline);
