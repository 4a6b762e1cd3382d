import type { App } from 'vue'
import * as vant from 'vant'

// Per-component styles instead of vant/lib/index.css: the full sheet is about
// 200 KB and a phone on a weak signal pays for every byte of first load.
import 'vant/es/action-sheet/style/index'
import 'vant/es/badge/style/index'
import 'vant/es/button/style/index'
import 'vant/es/cell/style/index'
import 'vant/es/cell-group/style/index'
import 'vant/es/checkbox/style/index'
import 'vant/es/checkbox-group/style/index'
import 'vant/es/empty/style/index'
import 'vant/es/field/style/index'
import 'vant/es/form/style/index'
import 'vant/es/icon/style/index'
import 'vant/es/loading/style/index'
import 'vant/es/popup/style/index'
import 'vant/es/radio/style/index'
import 'vant/es/radio-group/style/index'
import 'vant/es/search/style/index'
import 'vant/es/step/style/index'
import 'vant/es/steps/style/index'
import 'vant/es/tab/style/index'
import 'vant/es/tabbar/style/index'
import 'vant/es/tabbar-item/style/index'
import 'vant/es/tabs/style/index'
import 'vant/es/tag/style/index'
// showToast / showConfirmDialog mount their own components.
import 'vant/es/toast/style/index'
import 'vant/es/dialog/style/index'

/** The Vant components the app uses, each named once; add a style import above with each. */
const COMPONENTS = [
  vant.ActionSheet,
  vant.Badge,
  vant.Button,
  vant.Cell,
  vant.CellGroup,
  vant.Checkbox,
  vant.CheckboxGroup,
  vant.Empty,
  vant.Field,
  vant.Form,
  vant.Icon,
  vant.Loading,
  vant.Popup,
  vant.Radio,
  vant.RadioGroup,
  vant.Search,
  vant.Step,
  vant.Steps,
  vant.Tab,
  vant.Tabbar,
  vant.TabbarItem,
  vant.Tabs,
  vant.Tag,
]

/** Registers the Vant components the app uses; shared by main.ts and tests. */
export function installVant(app: App): void {
  for (const component of COMPONENTS) app.use(component)
}
