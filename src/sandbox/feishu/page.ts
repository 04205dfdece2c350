// GET /sandbox: a small page showing what the bot said in each emulated chat, refreshed every
// 2 s, with a box to talk to the bot as a user (POST /sandbox/say). No framework, no build.

export function sandboxPage(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tongbu — Feishu sandbox</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;background:#f5f6f7;color:#1f2329}
header{background:#3370ff;color:#fff;padding:10px 16px}header h1{font-size:16px;margin:0}
main{max-width:860px;margin:0 auto;padding:12px}
.chat{background:#fff;border-radius:8px;margin:12px 0;padding:12px}
.chat h2{font-size:14px;margin:0 0 8px;color:#646a73}
.msg{border-left:3px solid #dee0e3;margin:8px 0;padding:4px 10px;white-space:pre-wrap}
.msg.bot{border-color:#3370ff}.meta{color:#8f959e;font-size:12px}
.card-title{font-weight:600}
form{display:flex;gap:6px;margin-top:8px}input{flex:1;padding:6px;border:1px solid #dee0e3;border-radius:6px}
button{padding:6px 12px;border:0;border-radius:6px;background:#3370ff;color:#fff}
</style></head><body>
<header><h1>Tongbu · Feishu sandbox — what the bot sent</h1></header>
<main id="root">Loading…</main>
<script>
function texts(node, out){
  if(!node||typeof node!=='object')return out;
  if(Array.isArray(node)){node.forEach(n=>texts(n,out));return out;}
  if(typeof node.content==='string'&&(node.tag==='markdown'||node.tag==='plain_text'||node.tag==='lark_md'))out.push(node.content);
  for(const k of Object.keys(node))if(k!=='header'&&typeof node[k]==='object')texts(node[k],out);
  return out;
}
function esc(s){return String(s).replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));}
// Card markdown as Feishu shows it: entities decoded, **bold** and \`code\` rendered.
function mdRender(s){
  const plain=String(s).replace(/&#(\\d+);/g,(_,n)=>String.fromCharCode(Number(n))).replace(/\\\\([*_~<>\\[\\]\x60])/g,'$1');
  return esc(plain).replace(/\\*\\*(.+?)\\*\\*/g,'<b>$1</b>').replace(/\x60([^\x60]+)\x60/g,'<code>$1</code>');
}
function when(iso){try{return new Date(iso).toLocaleString('zh-CN',{timeZone:'Asia/Shanghai',hour12:false});}catch(e){return iso;}}
function render(data){
  const root=document.getElementById('root');
  const focus=document.activeElement&&document.activeElement.id;
  const typed={};document.querySelectorAll('input').forEach(i=>typed[i.id]=i.value);
  root.innerHTML=(data.chats.length?'':'<p>No chats yet.</p>')+data.chats.map(c=>{
    const msgs=c.messages.map(m=>{
      let body=m.text!==undefined?esc(m.text):m.file?('📎 '+esc(m.file.fileName)):'';
      if(m.card){const t=m.card.header&&m.card.header.title&&m.card.header.title.content;
        body=(t?'<div class="card-title">'+esc(t)+'</div>':'')+mdRender(texts(m.card.body||m.card.elements||m.card,[]).join('\\n'));}
      return '<div class="msg '+m.sender+'"><div class="meta">'+(m.sender==='bot'?'🤖 bot':'👤 '+esc(m.openId||'user'))+' · '+when(m.createdAt)+(m.updates?' · updated '+m.updates+'×':'')+'</div>'+body+'</div>';
    }).join('');
    return '<section class="chat"><h2>'+esc(c.name)+' ('+c.type+', '+esc(c.chatId)+')</h2>'+msgs+
      '<form data-chat="'+esc(c.chatId)+'" data-type="'+c.type+'"><input id="in-'+esc(c.chatId)+'" placeholder="/help, /status, /sync …"><button>Send</button></form></section>';
  }).join('');
  document.querySelectorAll('input').forEach(i=>{if(typed[i.id])i.value=typed[i.id];});
  if(focus){const el=document.getElementById(focus);if(el)el.focus();}
  document.querySelectorAll('form').forEach(f=>f.onsubmit=async e=>{e.preventDefault();const i=f.querySelector('input');
    const text=i.value;i.value='';
    const r=await fetch('/sandbox/say',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify({chatId:f.dataset.chat,chatType:f.dataset.type,text})});
    if(!r.ok)alert('Could not send: '+await r.text());load();});
}
async function load(){try{render(await (await fetch('/sandbox/messages')).json());}catch(e){}}
load();setInterval(()=>{if(!document.activeElement||document.activeElement.tagName!=='INPUT'||!document.activeElement.value)load();},2000);
</script></body></html>`;
}
