import { createApp } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppRouter } from './router'
import { installVant } from './vant'
import './styles.css'

const app = createApp(App)
installVant(app)
app.use(createPinia())
app.use(createAppRouter())
app.mount('#app')
