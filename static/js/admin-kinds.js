'use strict';
// A kind of office made with "+" beside a category's kinds appears among its checkboxes, ticked,
// and among the other rows' checkboxes (not ticked). Django's pop-up answers a list of checkboxes
// with nothing (it fills selects and inputs only), so this wraps its answer for such lists.
// Loaded as a static file: the admin's Content-Security-Policy allows no inline script.
{
    function addCheckbox(list, value, label, ticked) {
        const name = list.id.replace(/^id_/, '');
        if (list.querySelector('input[value="' + CSS.escape(value) + '"]')) {
            return;
        }
        const index = list.querySelectorAll('input[type=checkbox]').length;
        const row = document.createElement('div');
        const labelElement = document.createElement('label');
        const input = document.createElement('input');
        input.type = 'checkbox';
        input.name = name;
        input.value = value;
        input.id = list.id + '_' + index;
        input.checked = ticked;
        labelElement.htmlFor = input.id;
        labelElement.append(input, ' ' + label);
        row.append(labelElement);
        list.append(row);
    }

    function wrap() {
        const original = window.dismissAddRelatedObjectPopup;
        if (!original || original.kindsWrapped) {
            return;
        }
        const wrapped = function(win, newId, newRepr) {
            const name = win.name.replace(/__\d+$/, '');
            const list = document.getElementById(name);
            if (!list || list.nodeName.toUpperCase() !== 'DIV' || !/-kinds$/.test(name)) {
                return original(win, newId, newRepr);
            }
            document.querySelectorAll('div[id^="id_categories-"][id$="-kinds"]').forEach((other) => {
                addCheckbox(other, String(newId), newRepr, other === list);
            });
            win.close();
        };
        wrapped.kindsWrapped = true;
        window.dismissAddRelatedObjectPopup = wrapped;
        window.dismissAddAnotherPopup = wrapped;
    }

    if (document.readyState === 'loading') {
        document.addEventListener('DOMContentLoaded', wrap);
    } else {
        wrap();
    }
}
