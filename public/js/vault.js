// Progressive enhancement for the vault pages: Copy with the clipboard, confirmations before
// destructive forms. Served from our origin; the Content-Security-Policy allows nothing inline.
;(function () {
  document.documentElement.classList.add('has-js')

  const csrfToken = () => document.querySelector('meta[name="csrf-token"]')?.content ?? ''

  async function requestCopy(url, password) {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'Accept': 'application/json',
        'Content-Type': 'application/json',
        'X-CSRF-TOKEN': csrfToken(),
      },
      body: JSON.stringify(password ? { password } : {}),
    })
    const body = await response.json().catch(() => ({}))
    return { status: response.status, body }
  }

  // Clears the clipboard later only if it still holds what we put there.
  function scheduleClear(value, seconds, status) {
    setTimeout(async () => {
      try {
        const current = await navigator.clipboard.readText().catch(() => value)
        if (current === value) {
          await navigator.clipboard.writeText('')
        }
        status.textContent = 'Clipboard cleared.'
      } catch {
        status.textContent = 'Copied a while ago: clear your clipboard when done.'
      }
    }, seconds * 1000)
  }

  async function copyValue(button, password) {
    const status = button.parentElement.querySelector('.copy-status')
    const dialog = document.querySelector('.confirm-dialog')
    const { status: code, body } = await requestCopy(button.dataset.copyUrl, password)
    if (code === 428) {
      openConfirm(dialog, button, password ? body.error : null)
      return
    }
    if (code !== 200) {
      status.textContent = body.error || 'The value could not be copied.'
      return
    }
    dialog?.close()
    await navigator.clipboard.writeText(body.value)
    button.dataset.copied = 'true'
    status.textContent = `Copied. The clipboard is cleared in ${body.clearAfterSeconds} seconds.`
    scheduleClear(body.value, body.clearAfterSeconds, status)
  }

  function openConfirm(dialog, button, error) {
    const input = dialog.querySelector('input[type="password"]')
    const message = dialog.querySelector('.confirm-error')
    message.hidden = !error
    message.textContent = error || ''
    input.value = ''
    dialog.dataset.pendingCopy = button.dataset.copyUrl
    if (!dialog.open) dialog.showModal()
    input.focus()
  }

  document.addEventListener('click', (event) => {
    const copy = event.target.closest('[data-copy-url]')
    if (copy) {
      event.preventDefault()
      copyValue(copy)
    }
    const close = event.target.closest('[data-dialog-close]')
    if (close) close.closest('dialog').close()
  })

  document.addEventListener('submit', (event) => {
    const form = event.target
    if (form.closest('.confirm-dialog')) {
      event.preventDefault()
      const dialog = form.closest('dialog')
      const button = document.querySelector(`[data-copy-url="${dialog.dataset.pendingCopy}"]`)
      copyValue(button, form.querySelector('input[type="password"]').value)
      return
    }
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault()
    }
  })
})()
