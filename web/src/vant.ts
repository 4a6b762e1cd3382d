import type { App } from 'vue'
import { Button, Cell, CellGroup, Empty, NavBar, Tabbar, TabbarItem } from 'vant'

// Per-component styles instead of vant/lib/index.css: the full sheet is about
// 200 KB and a phone on a weak signal pays for every byte of first load.
import 'vant/es/button/style/index'
import 'vant/es/cell/style/index'
import 'vant/es/cell-group/style/index'
import 'vant/es/empty/style/index'
import 'vant/es/nav-bar/style/index'
import 'vant/es/tabbar/style/index'
import 'vant/es/tabbar-item/style/index'

/** Registers the Vant components the shell uses; shared by main.ts and tests. */
export function installVant(app: App): void {
  for (const component of [Button, Cell, CellGroup, Empty, NavBar, Tabbar, TabbarItem]) {
    app.use(component)
  }
}
