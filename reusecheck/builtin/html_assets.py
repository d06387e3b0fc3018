"""The HTML report's inline stylesheet and script, and its colour palette.

Passage colours are the Okabe–Ito palette (distinguishable with the common colour-vision
deficiencies) as light tints under dark text, each with a border in the full colour; the
border style changes every eight passages and every passage carries its number, so
colour is never the only cue. The script only adds behaviour (source picker, click to
scroll the other side, n/p keys, sorting): everything is readable without it.
"""

from __future__ import annotations

import base64
import hashlib

# (full colour, light tint) per passage, cycling
PALETTE: tuple[tuple[str, str], ...] = (
    ("#E69F00", "#F8DDA3"),  # orange
    ("#56B4E9", "#C9E6F8"),  # sky blue
    ("#009E73", "#A9DFCF"),  # bluish green
    ("#F0E442", "#FAF4B5"),  # yellow
    ("#0072B2", "#A8CBE3"),  # blue
    ("#D55E00", "#F1C2A0"),  # vermillion
    ("#CC79A7", "#EFD0E1"),  # reddish purple
    ("#999999", "#DDDDDD"),  # grey
)
BORDER_STYLES = ("solid", "dashed", "dotted", "double")


def colour_class(number: int) -> str:
    """The CSS classes of passage ``number`` (1-based): its colour and its border style."""
    return f"k{(number - 1) % len(PALETTE)} b{(number - 1) // len(PALETTE) % len(BORDER_STYLES)}"


def _palette_css() -> str:
    rules = [
        f".k{i}{{background:{tint};border-color:{full};fill:{tint};stroke:{full}}}"
        for i, (full, tint) in enumerate(PALETTE)
    ]
    rules += [f".b{i}{{border-bottom-style:{style}}}" for i, style in enumerate(BORDER_STYLES)]
    return "\n".join(rules)


CSS = """
:root{--fg:#111111;--muted:#555555;--line:#ccc;--err:#B00020;--warn:#7A4F00;--info:#00558F;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
body{margin:0 auto;max-width:1400px;padding:1rem 1.5rem;line-height:1.45}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.2rem;margin:.2rem 0;overflow-wrap:anywhere}h3{font-size:1rem;margin:0 0 .4rem;overflow-wrap:anywhere}
a{color:#00558F}
.muted{color:var(--muted)}
.doc-title{font-style:italic;margin:.1rem 0}
.back{float:right;margin:0;font-size:.9rem}
.legend{font-size:.9rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;margin:.5rem 0}
table.overview{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0 1.5rem}
.overview th,.overview td{border-bottom:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
.overview td.num,.overview th.num{text-align:right;font-variant-numeric:tabular-nums}
.overview th{white-space:nowrap}.overview th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;color:inherit}
.overview th button::after{content:" \\2195";color:var(--muted)}
.overview th[aria-sort=ascending] button::after{content:" \\25B2"}.overview th[aria-sort=descending] button::after{content:" \\25BC"}
.overview td.name{overflow-wrap:anywhere}
section.cand{border-top:3px solid #333;margin-top:1.5rem;padding-top:.6rem;content-visibility:auto;contain-intrinsic-size:auto 900px}
.summary{display:flex;flex-wrap:wrap;gap:.5rem 2rem;align-items:flex-start;margin:.4rem 0}
.summary table{border-collapse:collapse;font-size:.9rem}.summary td,.summary th{padding:.1rem .5rem;text-align:left}
.verdict{font-weight:bold;font-size:1.05rem}
.counts span{margin-right:.8rem}
details.findings{font-size:.9rem;margin:.3rem 0}details.findings summary{cursor:pointer;font-weight:bold}
ul.findings{margin:.3rem 0;padding-left:1.2rem}
.sev-error{color:var(--err)}.sev-warning{color:var(--warn)}.sev-info{color:var(--info)}
.bar{max-width:640px;width:100%;height:auto;display:block}
.bar text{font-size:11px;fill:#111}
.bar .track{fill:#f2f2f2;stroke:#999}
.picker{display:none;gap:.3rem;flex-wrap:wrap;margin:.4rem 0}
.js .picker{display:flex}
.picker button{font:inherit;font-size:.85rem;border:1px solid #666;background:#f4f4f4;padding:.15rem .6rem;border-radius:3px;cursor:pointer}
.picker button[aria-pressed=true]{background:#222;color:#fff}
.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}
.cols.single{grid-template-columns:1fr}
.pane{border:1px solid var(--line);max-height:75vh;overflow:auto;position:relative;padding:0 .5rem .5rem}
.pane:focus{outline:2px solid #00558F}
.pane h3{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid var(--line);z-index:1}
.src+.src{margin-top:1rem;border-top:2px solid #333}
.js .src:not(:first-of-type):not(.on){display:none}.js .src+.src{margin-top:0;border-top:0}
.text{font-family:ui-serif,Georgia,"Times New Roman",serif;font-size:1rem}
.l{white-space:pre-wrap;word-wrap:break-word;min-height:1.45em;padding-left:3.2em;position:relative}
.text{counter-reset:line}.l{counter-increment:line}
.l::before{content:counter(line);position:absolute;left:0;width:2.6em;text-align:right;color:var(--muted);font:.75rem/1.9 ui-monospace,monospace;user-select:none}
mark.p{color:var(--fg);border-bottom-width:3px;cursor:pointer;padding:1px 0}
mark.p.cur{outline:2px solid #111;outline-offset:1px}
a.pn{display:inline-block;min-width:1.3em;padding:0 .2em;margin-right:.15em;border-radius:.6em;text-align:center;font:bold .72rem/1.4 system-ui,sans-serif;color:#111;text-decoration:none;border:1px solid #111;vertical-align:.15em}
a.pn::before{content:attr(data-n)}
ins.w{text-decoration:underline double;text-decoration-thickness:1px;font-weight:bold;background:rgba(255,255,255,.55)}
del.w{text-decoration:line-through;text-decoration-thickness:2px;background:rgba(255,255,255,.55)}
span.w{border:1px dashed #111;border-radius:2px;background:rgba(255,255,255,.55)}
.flag{text-decoration:underline wavy;text-decoration-thickness:1px;text-underline-offset:3px}
.flag.sev-error,.flag.sev-warning,.flag.sev-info{color:inherit}
.flag.sev-error{text-decoration-color:var(--err)}.flag.sev-warning{text-decoration-color:var(--warn)}.flag.sev-info{text-decoration-color:var(--info)}
.pin{font:bold .72rem system-ui,sans-serif;vertical-align:super;text-decoration:none}
.pin.sev-error::before{content:"\\2716"}.pin.sev-warning::before{content:"\\25B2"}.pin.sev-info::before{content:"\\2139"}
.note{font:.85rem/1.35 system-ui,sans-serif;margin:.2rem 0 .5rem 3.2em;padding:.25rem .5rem;border-left:4px solid;background:#fafafa;color:var(--fg);white-space:normal}
.note.sev-error{border-color:var(--err)}.note.sev-warning{border-color:var(--warn)}.note.sev-info{border-color:var(--info)}
.note .sev{font-weight:bold}
.note:target,.l:target{background:#fff6c4}
.problems li{overflow-wrap:anywhere}
.key{display:inline-block;border:1px solid #888;border-radius:3px;padding:0 .3em;font:.8rem ui-monospace,monospace}
@media print{
 body{max-width:none;padding:0;font-size:9pt}
 .pane{max-height:none;overflow:visible;border:0}
 .pane h3{position:static}
 .cols{grid-template-columns:1fr 1fr}
 .picker,.back,.overview th button::after{display:none}
 section.cand{break-before:page;content-visibility:visible}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
 a{color:inherit;text-decoration:none}
}
""" + _palette_css()

JS = """
(function(){
"use strict";
var doc=document;doc.documentElement.classList.add("js");
function show(sec,m){
 sec.querySelectorAll(".src").forEach(function(s){var on=s.getAttribute("data-src")===m;s.hidden=!on;s.classList.toggle("on",on);});
 sec.querySelectorAll(".picker button").forEach(function(b){b.setAttribute("aria-pressed",String(b.getAttribute("data-src")===m));});
}
var current=null;
function counterpart(piece){
 var sec=piece.closest("section.cand"),k=piece.getAttribute("data-p");
 var side=piece.closest(".pane").classList.contains("cand-pane")?"s":"c";
 return doc.getElementById(sec.id+"-"+side+"-p"+k);
}
function highlight(sec,k){
 doc.querySelectorAll("mark.cur").forEach(function(m){m.classList.remove("cur");});
 sec.querySelectorAll('mark[data-p="'+k+'"]').forEach(function(m){m.classList.add("cur");});
}
function scrollPane(target,offset){
 var pane=target.closest(".pane");
 pane.scrollTop+=target.getBoundingClientRect().top-pane.getBoundingClientRect().top-offset;
}
function jump(piece){
 var target=counterpart(piece);if(!target){return;}
 var sec=piece.closest("section.cand"),src=target.closest(".src");
 if(src&&getComputedStyle(src).display==="none"){show(sec,src.getAttribute("data-src"));}
 var from=piece.closest(".pane"),offset=Math.max(0,piece.getBoundingClientRect().top-from.getBoundingClientRect().top);
 scrollPane(target,offset);
 highlight(sec,piece.getAttribute("data-p"));
 current=piece.closest(".cand-pane")?piece:target;
}
doc.addEventListener("click",function(e){
 var b=e.target.closest(".picker button");
 if(b){show(b.closest("section.cand"),b.getAttribute("data-src"));return;}
 var s=e.target.closest("th button[data-col]");
 if(s){sort(s);return;}
 var link=e.target.closest("a.pn");
 var piece=link?link.nextElementSibling:e.target.closest("mark.p");
 if(piece&&piece.closest(".pane")){if(link){e.preventDefault();}jump(piece);}
});
function starts(){return Array.prototype.slice.call(doc.querySelectorAll(".cand-pane [id*='-c-p']"));}
doc.addEventListener("keydown",function(e){
 if(e.ctrlKey||e.metaKey||e.altKey||/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(e.target.tagName)){return;}
 if(e.key!=="n"&&e.key!=="p"){return;}
 var all=starts();if(!all.length){return;}
 var i=current?all.indexOf(current):-1;
 if(i<0){var y=0;i=e.key==="n"?-1:all.length;all.some(function(el,j){if(el.closest("section.cand").getBoundingClientRect().bottom>y){i=j-(e.key==="n"?1:0);return true;}return false;});}
 i=e.key==="n"?Math.min(i+1,all.length-1):Math.max(i-1,0);
 var piece=all[i],sec=piece.closest("section.cand"),r=sec.getBoundingClientRect();
 if(r.top>innerHeight||r.bottom<0){sec.scrollIntoView();}
 scrollPane(piece,40);jump(piece);piece.closest(".pane").focus({preventScroll:true});
 e.preventDefault();
});
function key(cell){var v=cell.getAttribute("data-v");return v===null?cell.textContent:v;}
function sort(button){
 var th=button.closest("th"),table=th.closest("table"),col=Number(button.getAttribute("data-col"));
 var asc=th.getAttribute("aria-sort")!=="ascending";
 table.querySelectorAll("th").forEach(function(h){h.removeAttribute("aria-sort");});
 th.setAttribute("aria-sort",asc?"ascending":"descending");
 var body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
 rows.sort(function(a,b){
  var x=key(a.cells[col]),y=key(b.cells[col]);
  var nx=Number(x),ny=Number(y),c=(isNaN(nx)||isNaN(ny))?x.localeCompare(y):nx-ny;
  return asc?c:-c;
 });
 rows.forEach(function(r){body.appendChild(r);});
}
})();
"""


def csp_hash(content: str) -> str:
    """The Content-Security-Policy source allowing exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(content.encode("utf-8")).digest()).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; script-src {csp_hash(JS)}; style-src {csp_hash(CSS)}; "
    "base-uri 'none'; form-action 'none'"
)
