using AngleSharp;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace LiaisonPortal.Tests.Infrastructure;

/// <summary>Reads pages with AngleSharp and submits their real forms, antiforgery token included, as a browser would.</summary>
public static class HtmlForms
{
    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> ParseAsync(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var html = await response.Content.ReadAsStringAsync();
        return await Parser.ParseDocumentAsync(html);
    }

    public static async Task<IHtmlDocument> GetDocumentAsync(this HttpClient client, string url)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}");
        return await ParseAsync(response);
    }

    /// <summary>
    /// Posts the form found by <paramref name="formSelector"/> with its own fields (inputs, selects, text areas), where
    /// <paramref name="values"/> replaces every field of the same name. <paramref name="action"/> stands for a submit
    /// button's formaction.
    /// </summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(
        this HttpClient client, string pageUrl, string formSelector, IReadOnlyDictionary<string, string> values,
        string? submitName = null, string? submitValue = null, string? action = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(values);
        var document = await client.GetDocumentAsync(pageUrl);
        var form = document.QuerySelector(formSelector) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        var fields = FieldsOf(form).Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values);
        if (submitName is not null)
        {
            fields.Add(new(submitName, submitValue ?? string.Empty));
        }

        var target = action ?? (string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!);
        using var content = new FormUrlEncodedContent(fields);
        return await client.PostAsync(target, content);
    }

    /// <summary>What a browser would send for the form: checked boxes only, each select's chosen option.</summary>
    public static List<KeyValuePair<string, string>> FieldsOf(IHtmlFormElement form)
    {
        ArgumentNullException.ThrowIfNull(form);
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var element in form.Elements)
        {
            switch (element)
            {
                case IHtmlInputElement input when !string.IsNullOrEmpty(input.Name) && !input.IsDisabled
                    && input.Type is not ("submit" or "button" or "file") && (input.Type is not ("checkbox" or "radio") || input.IsChecked):
                    fields.Add(new(input.Name, input.Value));
                    break;
                case IHtmlSelectElement select when !string.IsNullOrEmpty(select.Name) && !select.IsDisabled:
                    var chosen = select.Options.FirstOrDefault(o => o.IsSelected) ?? (select.Options.Length > 0 ? select.Options[0] : null);
                    if (chosen is not null)
                    {
                        fields.Add(new(select.Name, chosen.Value));
                    }

                    break;
                case IHtmlTextAreaElement area when !string.IsNullOrEmpty(area.Name) && !area.IsDisabled:
                    fields.Add(new(area.Name, area.Value));
                    break;
            }
        }

        return fields;
    }

    /// <summary>Signs in on the real sign-in page; the client keeps the cookie.</summary>
    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string email, string password = "Demo-Liaison-2026") =>
        client.SubmitFormAsync("/Account/Login", "#login-form", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
}

/// <summary>A file for a multipart form: the name the browser reports, and its bytes.</summary>
public sealed record FormFile(string Field, string FileName, string ContentType, byte[] Content);

public static class MultipartForms
{
    /// <summary>Like <see cref="HtmlForms.SubmitFormAsync"/>, as multipart/form-data with files, the way a browser sends a form with file inputs.</summary>
    public static async Task<HttpResponseMessage> SubmitMultipartAsync(
        this HttpClient client, string pageUrl, string formSelector, IReadOnlyDictionary<string, string> values, IReadOnlyList<FormFile>? files = null,
        Func<List<KeyValuePair<string, string>>, List<KeyValuePair<string, string>>>? alter = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(values);
        var document = await client.GetDocumentAsync(pageUrl);
        var form = document.QuerySelector(formSelector) as AngleSharp.Html.Dom.IHtmlFormElement
            ?? throw new InvalidOperationException($"No form '{formSelector}' on {pageUrl}");
        var fields = HtmlForms.FieldsOf(form).Where(f => !values.ContainsKey(f.Key)).ToList();
        fields.AddRange(values);
        fields = alter?.Invoke(fields) ?? fields;
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var file in files ?? [])
        {
            var part = new ByteArrayContent(file.Content);
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(file.ContentType);
            content.Add(part, file.Field, file.FileName);
        }

        return await client.PostAsync(pageUrl, content);
    }
}
