import type { App } from 'vue'
import {
  Button,
  Cell,
  CellGroup,
  Checkbox,
  CheckboxGroup,
  Empty,
  Field,
  Form,
  Icon,
  Loading,
  NavBar,
  Popup,
  Radio,
  RadioGroup,
  Search,
  Step,
  Steps,
  Tab,
  Tabbar,
  TabbarItem,
  Tabs,
  Tag,
} from 'vant'

// Per-component styles instead of vant/lib/index.css: the full sheet is about
// 200 KB and a phone on a weak signal pays for every byte of first load.
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
import 'vant/es/nav-bar/style/index'
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

/** Registers the Vant components the app uses; shared by main.ts and tests. */
export function installVant(app: App): void {
  for (const component of [
    Button,
    Cell,
    CellGroup,
    Checkbox,
    CheckboxGroup,
    Empty,
    Field,
    Form,
    Icon,
    Loading,
    NavBar,
    Popup,
    Radio,
    RadioGroup,
    Search,
    Step,
    Steps,
    Tab,
    Tabbar,
    TabbarItem,
    Tabs,
    Tag,
  ]) {
    app.use(component)
  }
}
