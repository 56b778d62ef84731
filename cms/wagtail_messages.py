# ruff: noqa: E501 (Wagtail's texts, verbatim)
"""Wagtail admin texts that editors meet and Wagtail 8.0's own Vietnamese
catalogue leaves in English (the sign-in page, the menus, the page editor and its
actions, images, documents, snippets, reports, workflow and success/error messages).

Never imported: ``make messages`` reads these calls so that the project catalogue
(``locale/``, first in ``LOCALE_PATHS``, so it takes precedence over Wagtail's own)
keeps their Vietnamese. Each text is Wagtail's msgid exactly (context, plural);
``tests/cms/test_admin_vietnamese.py`` walks the admin as an editor and fails on any
text left in English.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_ADMIN_TEXTS = [
    ngettext_lazy(
        "%(count)d %(model_name)s deleted.", "%(count)d %(model_name)s deleted.", 1
    ),
    gettext_noop('%(editor)s has updated comments on "%(title)s"'),
    gettext_noop('%(editor)s has updated comments on "%(title)s".'),
    gettext_noop("%(model_name)s '%(object)s' created and published."),
    gettext_noop("%(model_name)s '%(object)s' created and scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' created and submitted for moderation."),
    gettext_noop("%(model_name)s '%(object)s' created."),
    gettext_noop("%(model_name)s '%(object)s' deleted."),
    gettext_noop("%(model_name)s '%(object)s' has been scheduled for publishing."),
    gettext_noop("%(model_name)s '%(object)s' has been submitted for moderation."),
    gettext_noop(
        "%(model_name)s '%(object)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("%(model_name)s '%(object)s' updated and published."),
    gettext_noop("%(model_name)s '%(object)s' updated."),
    gettext_noop("%(model_name)s '%(title)s' is now unlocked."),
    gettext_noop("%(model_name)s scheduled for publishing"),
    gettext_noop("%(model_name)s scheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled for publishing at %(go_live_at)s"),
    gettext_noop("%(model_name)s unscheduled from publishing"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", 1),
    ngettext_lazy(
        "%(num_pages)d page has been moved", "%(num_pages)d pages have been moved", 1
    ),
    ngettext_lazy(
        "%(num_parent_objects)d document has been deleted",
        "%(num_parent_objects)d documents have been deleted",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d image has been deleted",
        "%(num_parent_objects)d images have been deleted",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been deleted",
        "%(num_parent_objects)d pages have been deleted",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been published",
        "%(num_parent_objects)d pages have been published",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d page has been unpublished",
        "%(num_parent_objects)d pages have been unpublished",
        1,
    ),
    ngettext_lazy(
        "%(num_parent_objects)d user has been deleted",
        "%(num_parent_objects)d users have been deleted",
        1,
    ),
    gettext_noop("%(objects)s documents selected"),
    gettext_noop("%(objects)s images selected"),
    gettext_noop("%(objects)s items selected"),
    gettext_noop("%(objects)s pages selected"),
    gettext_noop("%(objects)s snippets selected"),
    gettext_noop("%(objects)s users selected"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been deleted"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been published"),
    gettext_noop("%(parent_pages)s and %(child_pages)s have been unpublished"),
    gettext_noop("%(start_index)s-%(end_index)s of %(items_count)s %(model_name)s"),
    gettext_noop("%(time_period)s ago"),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        1,
    ),
    gettext_noop("%(user_name)s has unsaved changes"),
    gettext_noop("%(user_name)s saved a new version"),
    gettext_noop("%s MB"),
    gettext_noop("'%(object)s' unpublished."),
    gettext_noop("'%(page_title)s' has been moved successfully."),
    gettext_noop("0 minutes"),
    gettext_noop("1 document selected"),
    gettext_noop("1 item selected"),
    ngettext_lazy("1 page", "%(counter)s pages", 1),
    gettext_noop("1 snippet selected"),
    gettext_noop("1 user selected"),
    gettext_noop("A network error occurred"),
    gettext_noop("account"),
    gettext_noop("Actions"),
    gettext_noop("Actions (footer)"),
    gettext_noop("Add a child page to '%(title)s'"),
    gettext_noop("Add a concise description for search engines"),
    gettext_noop("Add an image"),
    gettext_noop("Add child page"),
    gettext_noop("Add documents"),
    gettext_noop("Add images"),
    gettext_noop("Add multiple documents"),
    gettext_noop("Add multiple images"),
    gettext_noop("Add or show comments"),
    gettext_noop("Add selected documents to collection"),
    gettext_noop("Add selected images to collection"),
    gettext_noop("Add tags to the selected documents"),
    gettext_noop("Add tags to the selected images"),
    gettext_noop("Add to collection"),
    gettext_noop("Add to collection:"),
    gettext_noop("admin theme"),
    gettext_noop("Aging pages"),
    gettext_noop("All %(objects)s documents on this screen selected"),
    gettext_noop("All %(objects)s images on this screen selected"),
    gettext_noop("All %(objects)s items on this screen selected"),
    gettext_noop("All %(objects)s pages on this screen selected"),
    gettext_noop("All %(objects)s snippets on this screen selected"),
    gettext_noop("All %(objects)s users on this screen selected"),
    gettext_noop("All documents in listing selected"),
    gettext_noop("All images in listing selected"),
    gettext_noop("All items in listing selected"),
    gettext_noop("All keyboard shortcuts"),
    gettext_noop("All pages in listing selected"),
    gettext_noop("All snippets in listing selected"),
    gettext_noop("All users in listing selected"),
    gettext_noop("Any"),
    gettext_noop("Anyone"),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop(
        "Anyone can edit this %(model_name)s – lock it to prevent others from editing"
    ),
    gettext_noop("Anyone with editing permissions can create schedules"),
    gettext_noop("API tokens"),
    gettext_noop("App"),
    gettext_noop("Application"),
    gettext_noop("Approved by %(approved_by)s"),
    gettext_noop("approved notifications"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop("Autosave is paused"),
    gettext_noop("Avoid skipping levels"),
    gettext_noop("Awaiting my review"),
    gettext_noop("Bold"),
    gettext_noop("Bulk actions"),
    gettext_noop("Bulleted list"),
    gettext_noop("But only those with publishing permissions can make them effective."),
    gettext_noop("Button text is empty"),
    gettext_noop("By task"),
    gettext_noop("By workflow"),
    gettext_noop("Cancelled"),
    gettext_noop("Change privacy"),
    gettext_noop("Checks"),
    gettext_noop("Choose %(object)s"),
    gettext_noop("Choose another %(object)s"),
    gettext_noop("Choose another document"),
    gettext_noop("Choose when this %(model_name)s should go live and/or expire"),
    gettext_noop("Choose when this page should go live and/or expire"),
    gettext_noop("Choose which type of page you'd like to create."),
    gettext_noop("Choose who can view the live version of this page"),
    gettext_noop("Clear choice"),
    gettext_noop("Close dialog"),
    gettext_noop("Close modal dialogs (like this one)"),
    gettext_noop("Collection '%(object)s' created."),
    gettext_noop("Collection '%(object)s' deleted."),
    gettext_noop("Collection '%(object)s' updated."),
    gettext_noop("Collections"),
    gettext_noop("Comment notifications"),
    gettext_noop("Comments"),
    gettext_noop("Compare"),
    gettext_noop("Completed at"),
    gettext_noop("Configure a site now."),
    gettext_noop("Content"),
    gettext_noop("Content metrics"),
    gettext_noop("contrast"),
    gettext_noop(
        "Correct the validation errors to resume preview (saving will highlight errors)"
    ),
    gettext_noop("Create"),
    gettext_noop("Create a page in"),
    gettext_noop("Create a page in %(title)s"),
    gettext_noop("Current draft"),
    gettext_noop("Current page status:"),
    gettext_noop("Cut"),
    gettext_noop("Dark"),
    gettext_noop("Date / Time"),
    gettext_noop("Date updated"),
    gettext_noop("Delete selected documents"),
    gettext_noop("Delete selected images"),
    gettext_noop("Delete selected pages"),
    gettext_noop("Delete selected snippets"),
    gettext_noop("density"),
    gettext_noop("description"),
    gettext_noop("Document"),
    gettext_noop("Document '%(document_title)s' updated"),
    gettext_noop("Document updated."),
    gettext_noop("Drag"),
    gettext_noop("Drag and drop documents into this area to upload immediately."),
    gettext_noop("Drag and drop images into this area to upload immediately."),
    gettext_noop("Edit account avatar"),
    gettext_noop("Edit this image"),
    gettext_noop("Edit this item"),
    gettext_noop("Edit this page"),
    gettext_noop("Edited by"),
    gettext_noop("Editing %(page_type)s"),
    gettext_noop("Editor Guide"),
    gettext_noop("Empty frame title found"),
    gettext_noop("Empty heading found"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
    gettext_noop("Error 404: Page not found"),
    gettext_noop("exact"),
    gettext_noop("expiry date/time"),
    gettext_noop("Explore"),
    gettext_noop("Explore child pages of '%(title)s'"),
    gettext_noop("Explore subpages of '%(title)s'"),
    gettext_noop("Exploring"),
    gettext_noop("File size: (high to low)"),
    gettext_noop("File size: (low to high)"),
    gettext_noop("Filter"),
    gettext_noop("Filter by"),
    gettext_noop("First published"),
    gettext_noop("For search engines"),
    gettext_noop("For site menus"),
    gettext_noop("Forgotten password?"),
    gettext_noop("go live date/time"),
    gettext_noop("Go to the first error"),
    gettext_noop("Go to Wagtail admin"),
    gettext_noop("Grid layout"),
    gettext_noop("Group"),
    gettext_noop("Has child pages"),
    gettext_noop("Heading 2"),
    gettext_noop("Heading 3"),
    gettext_noop("Heading 4"),
    gettext_noop("Help"),
    gettext_noop("How we calculate our metrics"),
    gettext_noop(
        "If you just want to add pages to an existing site, create them as children of the homepage instead."
    ),
    gettext_noop("Image"),
    gettext_noop("Image '%(image_title)s' deleted."),
    gettext_noop("Image '%(image_title)s' updated."),
    gettext_noop("Image alt text has inappropriate pattern"),
    gettext_noop("Image updated."),
    gettext_noop("Images"),
    gettext_noop("images"),
    gettext_noop("In progress"),
    gettext_noop("Incorrect heading hierarchy"),
    gettext_noop("Input button text is empty"),
    gettext_noop("Insert or edit a link"),
    gettext_noop("Instances"),
    gettext_noop("Is commenting action"),
    gettext_noop("Issues found"),
    gettext_noop("Italic"),
    gettext_noop(
        'JavaScript is required to use Wagtail, but it is currently disabled.<br /> Here are the <a href="https://www.enable-javascript.com/" target="_blank" rel="noreferrer">instructions how to enable JavaScript in your web browser</a>.'
    ),
    gettext_noop("just now"),
    gettext_noop("Keyboard shortcut"),
    gettext_noop("Keyboard shortcuts"),
    gettext_noop(
        "Keyboard shortcuts are currently enabled; manage your %(account_link)s to disable them."
    ),
    gettext_noop("Last edit"),
    gettext_noop("Last edited page"),
    gettext_noop("Last published"),
    gettext_noop("Last published before"),
    gettext_noop("Last published by"),
    gettext_noop("Latest documents"),
    gettext_noop("Layout"),
    gettext_noop("Light"),
    gettext_noop("Link text is empty"),
    gettext_noop("List layout"),
    gettext_noop("Live"),
    gettext_noop("live"),
    gettext_noop("Live version"),
    gettext_noop("Loading"),
    gettext_noop("Locked at"),
    gettext_noop("Locked by"),
    gettext_noop("Locked by <b>%(locked_by)s</b> at <b>%(locking_date)s</b>"),
    gettext_noop("Locked pages"),
    gettext_noop("Locking: "),
    gettext_noop("Maximum"),
    gettext_noop("Maximum filesize: %(max_upload_size)s."),
    gettext_noop("meta description"),
    gettext_noop("Meta description is empty"),
    gettext_noop("Minimap"),
    gettext_noop("Minimum"),
    gettext_noop("Misusing paragraphs as headings"),
    gettext_noop("model log entries"),
    gettext_noop("Monospace (code)"),
    gettext_noop("More actions"),
    gettext_noop("More contrast"),
    gettext_noop("More options for '%(title)s'"),
    gettext_noop("Move"),
    gettext_noop("Move down"),
    gettext_noop("Move selected pages"),
    gettext_noop("Move up"),
    gettext_noop(
        'Multi-word tags with spaces will automatically be enclosed in double quotes (").'
    ),
    gettext_noop("Name and Email"),
    gettext_noop("Needs changes"),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Newest"),
    gettext_noop(
        'No collections have been created. Why not <a href="%(add_collection_url)s">add one</a>?'
    ),
    gettext_noop("No locked pages found."),
    gettext_noop("No one can make changes while the %(model_name)s is locked"),
    gettext_noop("No pages found."),
    gettext_noop("No pages/snippets have been submitted for moderation yet"),
    gettext_noop("No publishing schedule set"),
    gettext_noop(
        'No tasks have been created. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop(
        'No workflows have been created. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop(
        "Not a supported image format. Supported formats: %(supported_formats)s."
    ),
    gettext_noop("Not visible to the public"),
    gettext_noop("Notifications"),
    gettext_noop("Numbered list"),
    gettext_noop("Oldest"),
    gettext_noop("Once live anyone can view"),
    gettext_noop(
        "One or more references to this %(model_name)s prevent it from being deleted."
    ),
    gettext_noop("Only %(user)s can make changes while the %(model_name)s is locked"),
    gettext_noop("Only you can make changes while the %(model_name)s is locked"),
    gettext_noop("Or choose from your computer"),
    gettext_noop("Other searches"),
    gettext_noop("Owner"),
    gettext_noop("page"),
    gettext_noop("Page %(page_num)s of %(total_pages)s"),
    gettext_noop("Page %(page_number)s of %(num_pages)s."),
    gettext_noop("Page '%(page_title)s' and %(subpages_count)s subpages copied."),
    gettext_noop("Page '%(page_title)s' copied."),
    gettext_noop("Page '%(page_title)s' created and published."),
    gettext_noop("Page '%(page_title)s' created and scheduled for publishing."),
    gettext_noop("Page '%(page_title)s' created and submitted for moderation."),
    gettext_noop("Page '%(page_title)s' created."),
    gettext_noop("Page '%(page_title)s' deleted."),
    gettext_noop("Page '%(page_title)s' has been published."),
    gettext_noop("Page '%(page_title)s' has been scheduled for publishing."),
    gettext_noop("Page '%(page_title)s' has been submitted for moderation."),
    gettext_noop("Page '%(page_title)s' has been updated."),
    gettext_noop(
        "Page '%(page_title)s' is live and this version has been scheduled for publishing."
    ),
    gettext_noop("Page '%(page_title)s' is now unlocked."),
    gettext_noop("Page '%(page_title)s' moved."),
    gettext_noop("Page '%(page_title)s' unpublished."),
    gettext_noop("page log entries"),
    gettext_noop("page log entry"),
    gettext_noop("Page title"),
    gettext_noop("Page type"),
    gettext_noop("Page types"),
    gettext_noop("Page types usage"),
    gettext_noop("Page visibility: "),
    gettext_noop("pages"),
    gettext_noop("Pages using %(page_type)s"),
    gettext_noop("Pagination"),
    gettext_noop("Paste"),
    gettext_noop("Paste without formatting"),
    gettext_noop(
        "Please provide an image description to comply with best practices for accessibility."
    ),
    gettext_noop("Preview in desktop size"),
    gettext_noop("Preview in mobile size"),
    gettext_noop("Preview in new tab"),
    gettext_noop("Preview in tablet size"),
    gettext_noop("Preview is out of date"),
    gettext_noop("Privacy changes apply to all children of this page too."),
    gettext_noop("Private. Visit the live page"),
    gettext_noop("Profile"),
    gettext_noop("Profile picture"),
    gettext_noop("Promote"),
    gettext_noop("Publish selected pages"),
    gettext_noop("Readability"),
    gettext_noop("Reading time"),
    gettext_noop("Receive notification when a page is submitted for moderation"),
    gettext_noop(
        "Receive notification when comments have been created, resolved, or deleted on a page that you have subscribed to receive comment notifications on"
    ),
    gettext_noop("Receive notification when your page edit is approved"),
    gettext_noop("Receive notification when your page edit is rejected"),
    gettext_noop("Redirects"),
    gettext_noop("Redo"),
    ngettext_lazy("Referenced %(count)s time", "Referenced %(count)s times", 1),
    gettext_noop("rejected notifications"),
    gettext_noop("Remember me"),
    gettext_noop("Removed the '%(restriction)s' view restriction. The page is public."),
    gettext_noop(
        "Report this error to your website administrator with the following information:"
    ),
    gettext_noop("Reports"),
    gettext_noop("Request changes"),
    gettext_noop("Request to create %(model_name)s was blocked by hook."),
    gettext_noop("Request to edit %(model_name)s was blocked by hook."),
    gettext_noop(
        "Reverted to previous revision with id %(revision_id)s from %(created_at)s"
    ),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s scheduled for publishing at %(go_live_at)s."
    ),
    gettext_noop(
        "Revision %(revision_id)s from %(created_at)s unscheduled from publishing at %(go_live_at)s."
    ),
    gettext_noop("Save changes"),
    gettext_noop("Save draft"),
    gettext_noop("Save schedule"),
    gettext_noop("Save your changes before leaving"),
    gettext_noop("Saved"),
    gettext_noop("Search all pages…"),
    gettext_noop("Search…"),
    gettext_noop("Section"),
    gettext_noop(
        'See our <a href="%(guide_link)s" target="_blank">content checks guide</a> for more information on how content metrics are calculated.'
    ),
    gettext_noop("Select"),
    gettext_noop("Select all documents in listing"),
    gettext_noop("Select all images in listing"),
    gettext_noop("Select all pages in listing"),
    gettext_noop("Select all snippets in listing"),
    gettext_noop("Select row"),
    gettext_noop("Set publishing schedule"),
    gettext_noop("Set schedule"),
    gettext_noop("Shortcuts"),
    gettext_noop("Show"),
    gettext_noop("Show disabled"),
    gettext_noop("Show filters"),
    gettext_noop("show in menus"),
    gettext_noop("Show issue"),
    gettext_noop("Show keyboard shortcuts"),
    gettext_noop("Side panel width"),
    gettext_noop("Side panels"),
    gettext_noop("Sidebar"),
    gettext_noop("Sign in"),
    gettext_noop("Sign in to Wagtail"),
    gettext_noop("Signing in…"),
    gettext_noop("site"),
    gettext_noop("Site '%(object)s' created."),
    gettext_noop("Site '%(object)s' deleted."),
    gettext_noop("Site '%(object)s' updated."),
    gettext_noop("Site history"),
    gettext_noop("Site summary"),
    gettext_noop("Sites menu"),
    gettext_noop("Skipped"),
    gettext_noop("slug"),
    gettext_noop("Snippets"),
    gettext_noop("Snug"),
    gettext_noop("Sorry, no pages match <em>%(query_string)s</em>"),
    gettext_noop("Sorry, upload failed."),
    gettext_noop("Sort by"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Sort menu order"),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in ascending order."
    ),
    gettext_noop(
        "Sort the order of child pages within '%(parent)s' by '%(label)s' in descending order."
    ),
    gettext_noop("Started at"),
    gettext_noop("Status: "),
    gettext_noop("Step %(step_number)s"),
    gettext_noop("Strike-through"),
    gettext_noop("submitted notifications"),
    gettext_noop("Subscript"),
    gettext_noop("Superscript"),
    gettext_noop(
        "Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."
    ),
    gettext_noop("system"),
    gettext_noop("System default"),
    gettext_noop("Table header text is empty"),
    gettext_noop("tags"),
    gettext_noop("task"),
    gettext_noop("Task '%(object)s' created."),
    gettext_noop("Task '%(object)s' updated."),
    gettext_noop("Tasks"),
    gettext_noop("Text editing"),
    gettext_noop("Text formatting"),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The %(model_name)s "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been approved in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been approved in workflow "%(workflow)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The %(model_name)s "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected during "%(workflow)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been rejected in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop(
        'The %(model_name)s "%(title)s" has been submitted to workflow "%(workflow)s"'
    ),
    gettext_noop("The %(model_name)s could not be created due to errors."),
    gettext_noop("The %(model_name)s could not be saved as it is locked"),
    gettext_noop("The %(model_name)s could not be saved due to errors."),
    gettext_noop("the %(model_name)s will also be deleted"),
    gettext_noop(
        "The descriptive text displayed underneath a headline in search engine results."
    ),
    ngettext_lazy(
        "The following page cannot be moved to %(dest_title)s",
        "The following pages cannot be moved to %(dest_title)s",
        1,
    ),
    gettext_noop(
        "The name of the page as it will appear in URLs e.g http://domain.com/blog/[my-slug]/"
    ),
    gettext_noop(
        "The name of the page displayed on search engine results as the clickable headline."
    ),
    gettext_noop('The page "%(title)s" has been approved'),
    gettext_noop('The page "%(title)s" has been approved in "%(task)s".'),
    gettext_noop('The page "%(title)s" has been approved in "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been approved in moderation stage "%(task)s".'
    ),
    gettext_noop('The page "%(title)s" has been approved in workflow "%(workflow)s".'),
    gettext_noop('The page "%(title)s" has been approved.'),
    gettext_noop('The page "%(title)s" has been rejected'),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s" by %(rejector)s.'
    ),
    gettext_noop(
        'The page "%(title)s" has been rejected during "%(task)s" in workflow "%(workflow)s".'
    ),
    gettext_noop('The page "%(title)s" has been rejected during "%(task)s".'),
    gettext_noop('The page "%(title)s" has been rejected during "%(workflow)s".'),
    gettext_noop(
        'The page "%(title)s" has been rejected in moderation stage "%(task)s".'
    ),
    gettext_noop('The page "%(title)s" has been rejected.'),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s"'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval in moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for approval to moderation stage "%(task)s".'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s" by %(requester)s.'
    ),
    gettext_noop(
        'The page "%(title)s" has been submitted for moderation to workflow "%(workflow)s".'
    ),
    gettext_noop('The page "%(title)s" has been submitted to workflow "%(workflow)s"'),
    gettext_noop("The page title as you'd like it to be seen by the public"),
    gettext_noop("The requested page could not be found."),
    gettext_noop(
        "The root level is where you can add new sites to your Wagtail installation. Pages created here will not be accessible at any URL until they are associated with a site."
    ),
    gettext_noop(
        'The token "%(name)s" has been created, copy it now, it will never be shown again.'
    ),
    gettext_noop("Theme preferences"),
    gettext_noop("There are no %(model_name)s to display."),
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">add one</a>?'
    ),
    gettext_noop("This %(model_name)s hasn't been submitted for moderation yet"),
    gettext_noop("This data explained"),
    gettext_noop("This file is too big. Maximum filesize %(max_filesize)s."),
    gettext_noop(
        'This publishing schedule will only take effect after you select the "Schedule to publish" option'
    ),
    gettext_noop("title tag"),
    gettext_noop("Title: (A -> Z)"),
    gettext_noop("Title: (Z -> A)"),
    gettext_noop("To be created by %(user)s"),
    gettext_noop("Toggle breadcrumbs"),
    gettext_noop("Toggle checks"),
    gettext_noop("Toggle comments"),
    gettext_noop("Toggle minimap"),
    gettext_noop("Toggle preview"),
    gettext_noop("Toggle section"),
    gettext_noop("Toggle side panel"),
    gettext_noop("Toggle sidebar"),
    gettext_noop("Toggle status"),
    gettext_noop(
        "Troubleshoot your connection to the site before proceeding. Open the editor in a separate tab to view the last saved version."
    ),
    gettext_noop("Unpublish selected pages"),
    gettext_noop("Updated"),
    gettext_noop("updated comments notifications"),
    gettext_noop("Upload a profile picture:"),
    gettext_noop(
        "Upload successful. However, your new image seems to be a duplicate of this existing image. You may delete it if it wasn't required."
    ),
    gettext_noop(
        "Upload successful. Please update this document with a more appropriate title, if necessary. You may also delete the document completely if the upload wasn't required."
    ),
    gettext_noop(
        "Upload successful. Please update this image with a more appropriate title, if necessary. You may also delete the image completely if the upload wasn't required."
    ),
    gettext_noop("Usage"),
    gettext_noop("Usage count"),
    gettext_noop("Usage count: (high to low)"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Use a meaningful title for screen reader users"),
    gettext_noop("Use meaningful text"),
    gettext_noop("Use meaningful text for screen reader users"),
    gettext_noop("Use proper heading tags"),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Use server time zone"),
    gettext_noop("Used by"),
    gettext_noop("user %(id)s (deleted)"),
    gettext_noop("User '%(object)s' deleted."),
    gettext_noop('Version %(revision_id)s of "%(object)s" unscheduled.'),
    gettext_noop(
        "Version from %(datetime)s of page '%(page_title)s' has been published."
    ),
    gettext_noop(
        "Version from %(previous_revision_datetime)s of page '%(page_title)s' has been scheduled for publishing."
    ),
    gettext_noop(
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been published."
    ),
    gettext_noop(
        "Version from %(timestamp)s of %(model_name)s '%(object)s' has been scheduled for publishing."
    ),
    gettext_noop("View history"),
    gettext_noop("View latest version"),
    gettext_noop("Visible to all"),
    gettext_noop("Visible to all. Visit the live page"),
    gettext_noop("Visit the live page"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop(
        "We calculate reading time from word count, using different reading speeds for different languages."
    ),
    gettext_noop(
        "We extract the main content from the page preview, remove all formatting, and calculate the number of words."
    ),
    gettext_noop(
        "We use a readability formula based on length of words and sentences. Long sentences and words result in a worse readability score."
    ),
    gettext_noop("What's new in Wagtail %(version)s"),
    gettext_noop(
        "Whether a link to this page will appear in automatically generated menus"
    ),
    gettext_noop(
        'Why not <a class="upload-one-now" href="#tab-upload" data-action="w-tabs#select:prevent" data-w-tabs-target="trigger" data-w-tabs-focus-param="true">upload one now</a>?'
    ),
    gettext_noop("Words"),
    gettext_noop("workflow"),
    gettext_noop("Workflow"),
    gettext_noop("Workflow '%(object)s' updated."),
    gettext_noop("Workflow removed from Page '%(page_title)s'."),
    gettext_noop("Workflow tasks"),
    gettext_noop("Workflows"),
    gettext_noop("workflows"),
    gettext_noop(
        "You are viewing a previous version of this %(model_name)s from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop(
        "You are viewing a previous version of this page from <b>%(created_at)s</b> by %(user)s"
    ),
    gettext_noop("You have <span>unsaved edits</span>"),
    gettext_noop("You have been successfully logged out."),
    gettext_noop("You haven't uploaded any documents."),
    gettext_noop(
        'You haven\'t uploaded any documents. Why not <a href="%(wagtaildocs_add_document_url)s">upload one now</a>?'
    ),
    gettext_noop("You haven't uploaded any images."),
    gettext_noop(
        'You haven\'t uploaded any images. Why not <a href="%(wagtailimages_add_image_url)s">upload one now</a>?'
    ),
]
