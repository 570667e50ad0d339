// GOV.UK Frontend's components, once the page has loaded. Every page works without this:
// scripts only improve it (error summary focus, navigation toggle on small screens...).
import { initAll } from '../govuk/govuk-frontend.min.js'

initAll()
