// <mx-switch>: a switch web component with an open shadow root, modelled on Shoelace's <sl-switch>
// (a web-component kit). Used by the older console layout only (the kit is inferred; see README.md).
// Inside the shadow root: <label part="base"> wrapping a native <input type="checkbox" role="switch">
// that also carries aria-checked, the drawn control, and a <slot> for the label text, which stays in
// the light DOM as the element's children.
(function () {
  'use strict';
  const css = `
    :host { display: inline-block; }
    .switch { display: inline-flex; align-items: center; gap: 10px; cursor: pointer; font: inherit; }
    .switch__input { position: absolute; opacity: 0; padding: 0; margin: 0; pointer-events: none; }
    .switch__control { position: relative; width: 36px; height: 20px; border-radius: 10px; background: #d4d4d8; flex-shrink: 0; }
    .switch__thumb { position: absolute; top: 2px; left: 2px; width: 16px; height: 16px; border-radius: 50%; background: #fff; transition: transform .15s; }
    :host([checked]) .switch__control { background: #fa500f; }
    :host([checked]) .switch__thumb { transform: translateX(16px); }
    .switch__input:focus-visible ~ .switch__control { outline: 2px solid #fa500f; outline-offset: 2px; }
    .help { font-size: 13px; color: #71717a; margin-top: 4px; }
  `;
  class MxSwitch extends HTMLElement {
    static get observedAttributes() { return ['checked', 'disabled']; }
    constructor() {
      super();
      const root = this.attachShadow({ mode: 'open' });
      root.innerHTML = `<style>${css}</style>
        <label part="base" class="switch">
          <input class="switch__input" type="checkbox" role="switch" aria-describedby="help-text">
          <span part="control" class="switch__control"><span part="thumb" class="switch__thumb"></span></span>
          <div part="label" class="switch__label"><slot></slot></div>
        </label>
        <div part="help-text" id="help-text" class="help"><slot name="help-text"></slot></div>`;
      this.input = root.querySelector('input');
      // The native input flips on click and on Space; the element mirrors it and tells the page.
      this.input.addEventListener('change', () => {
        this.checked = this.input.checked;
        this.dispatchEvent(new CustomEvent('mx-change', { bubbles: true, composed: true }));
      });
    }
    get checked() { return this.hasAttribute('checked'); }
    set checked(v) { this.toggleAttribute('checked', !!v); }
    attributeChangedCallback() {
      this.input.checked = this.checked;
      this.input.setAttribute('aria-checked', this.checked ? 'true' : 'false');
      this.input.disabled = this.hasAttribute('disabled');
    }
    connectedCallback() { this.attributeChangedCallback(); }
  }
  customElements.define('mx-switch', MxSwitch);
})();
