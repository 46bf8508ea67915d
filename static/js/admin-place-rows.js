'use strict';
// The office search of a place's row offers only the kinds its category admits: before the
// search opens, the row's category is added to the address it asks (the award's office search,
// awards.admin.awards.AwardOfficeAutocompleteView). Without this script the search offers the
// kinds of all the award's categories, and a wrong kind is still refused on its row when saved.
// A static file: the admin's Content-Security-Policy allows no inline script.
{
    const $ = django.jQuery;

    $(document).on('select2:opening', 'select.admin-autocomplete[name^="rankings-"][name$="-office"]', function() {
        const select2 = $(this).data('select2');
        if (!select2 || !select2.dataAdapter || !select2.dataAdapter.ajaxOptions) {
            return;
        }
        const base = this.getAttribute('data-ajax--url');
        const category = document.getElementById(this.id.replace(/-office$/, '-category'));
        const url = new URL(base, window.location.href);
        if (category && category.value) {
            url.searchParams.set('category', category.value);
        } else {
            url.searchParams.delete('category');
        }
        select2.dataAdapter.ajaxOptions.url = url.pathname + url.search;
    });
}
