import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import { installVant } from './vant'
import { useAuthStore } from './stores/auth'
import { installChunkRetry } from './chunkRetry'
import { registerServiceWorker } from './pwa'
import './styles.css'

const app = createApp(App)
installVant(app)
const pinia = createPinia()
app.use(pinia)
// Exchange the refresh cookie for an access token while the first page
// renders; pages that need the session wait for this one call.
void useAuthStore(pinia).restore()
const router = createAppRouter()
app.use(router)
installChunkRetry(router)
registerServiceWorker()
// The first paint waits for the first page's code (preloaded by the HTML),
// so the shell does not paint empty and then shift as the page arrives. A
// page that cannot load still mounts the shell, under the 重试 notice.
void router
  .isReady()
  .catch(() => undefined)
  .finally(() => app.mount('#app'))
