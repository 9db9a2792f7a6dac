// Built asset: the name carries its content hash, so it is cached for a year and never changes.
const status = document.getElementById("status");
if (status) status.dataset.loaded = new Date().toISOString();
