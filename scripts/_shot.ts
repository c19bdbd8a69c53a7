import { Chromium } from "../tests/_helpers/chromium.ts";
await using browser = await Chromium.launch();
await browser.open(`file://${Deno.cwd()}/.test-output/wire.html`, 1280, 1000);
for (const [i, sel] of Deno.args.entries()) {
  await browser.evaluate(`document.querySelector(${JSON.stringify(sel)}).scrollIntoView()`);
  await Deno.writeFile(`/tmp/shot${i}.png`, await browser.screenshot());
}
