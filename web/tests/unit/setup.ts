// jsdom has no layout and does not implement scrolling; the router's
// scrollBehavior calls window.scrollTo on every navigation.
window.scrollTo = () => {}
