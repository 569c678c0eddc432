// A small web-component kit, as a design system shipped as custom elements would be (inferred:
// no public source shows Grammarly's account-page markup). <gr-toggle> renders, inside an OPEN
// shadow root, a <button role="switch" aria-checked> whose name is the slotted light-DOM label.
// The knob shows a check mark when on (Grammarly's Business FAQ: "green checkmark shown").
(function () {
  const css = `
    :host { display: flex; align-items: center; justify-content: space-between; gap: 24px; padding: 16px 0; }
    .label { font-weight: 600; font-size: 15px; }
    button { all: unset; box-sizing: border-box; width: 44px; height: 24px; border-radius: 12px; background: #c2c8d2;
             position: relative; cursor: pointer; flex: none; }
    button:focus-visible { outline: 2px solid #2b5ce6; outline-offset: 2px; }
    button[aria-checked="true"] { background: #15c39a; }
    .knob { position: absolute; top: 2px; left: 2px; width: 20px; height: 20px; border-radius: 50%; background: #fff;
            display: flex; align-items: center; justify-content: center; transition: left .12s; }
    button[aria-checked="true"] .knob { left: 22px; }
    svg { width: 12px; height: 12px; visibility: hidden; }
    button[aria-checked="true"] svg { visibility: visible; }
    button[disabled] { opacity: .5; cursor: default; }`;

  class GrToggle extends HTMLElement {
    static get observedAttributes() { return ['checked', 'disabled']; }
    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>${css}</style>
        <span class="label" id="lbl" part="label"><slot name="label"></slot></span>
        <button type="button" role="switch" aria-checked="false" aria-labelledby="lbl" aria-describedby="desc" part="control">
          <span class="knob"><svg viewBox="0 0 12 12" aria-hidden="true"><path d="M2 6l3 3 5-6" fill="none" stroke="#15c39a" stroke-width="2"/></svg></span>
        </button>
        <span id="desc" hidden><slot name="description"></slot></span>`;
      this._button = root.querySelector('button');
      this._button.addEventListener('click', () => {
        if (this.hasAttribute('disabled')) return;
        const on = !this.hasAttribute('checked');
        this.toggleAttribute('checked', on);
        this.dispatchEvent(new CustomEvent('gr-change', { detail: { checked: on }, bubbles: true, composed: true }));
      });
    }
    connectedCallback() { this._paint(); }
    attributeChangedCallback() { this._paint(); }
    _paint() {
      this._button.setAttribute('aria-checked', this.hasAttribute('checked') ? 'true' : 'false');
      if (this.hasAttribute('disabled')) this._button.setAttribute('disabled', ''); else this._button.removeAttribute('disabled');
    }
  }
  customElements.define('gr-toggle', GrToggle);
})();
