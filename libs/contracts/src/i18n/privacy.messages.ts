/**
 * The gateway's default privacy policy (GET /privacy), part of the form's
 * texts (keys `form.privacy.`). It names what the form collects, why, who
 * sees it, how long it is kept and how to exercise one's rights under the
 * PIPL; an operator with a policy of its own sets PRIVACY_POLICY_URL.
 * `{company}` is COMPANY_NAME, or `form.privacy.operator` without one.
 */
export const privacyZh = {
  'form.privacy.title': '隐私政策',
  'form.privacy.operator': '本网站运营方',
  'form.privacy.intro':
    '{company}（以下简称“我们”）重视您的个人信息保护。本政策说明我们通过本需求表单收集哪些个人信息、为什么收集、如何使用、保存和保护这些信息，以及您依照《中华人民共和国个人信息保护法》享有的权利。',
  'form.privacy.collect.title': '一、我们收集的信息',
  'form.privacy.collect.text':
    '您在表单中填写的姓名、公司、电话、邮箱和需求描述（电话和邮箱至少一项，其余按需填写）；提交时自动记录的时间、IP 地址、浏览器类型（User-Agent）、来源页面和推广来源参数（utm_*）；以及您是否同意本政策和当时的政策版本。',
  'form.privacy.use.title': '二、我们如何使用',
  'form.privacy.use.text':
    '仅用于联系您并答复您的需求、安排销售同事跟进并记录跟进情况，以及识别和阻止垃圾提交与滥用。我们不会将您的信息用于与上述目的无关的用途，也不会出售您的个人信息。',
  'form.privacy.share.title': '三、共享与委托处理',
  'form.privacy.share.text':
    '您的信息只在我们负责销售和客户服务的同事之间传递。为发送通知和运行本系统，我们会委托邮件服务、企业即时通讯（如钉钉、企业微信、飞书）和服务器托管服务商处理必要的信息，并要求其仅为上述目的处理、采取保护措施。除法律法规另有规定外，我们不会向其他第三方提供您的个人信息。',
  'form.privacy.keep.title': '四、保存期限',
  'form.privacy.keep.text': '我们只在实现上述目的所必需的期限内保存您的信息，期满后删除或作匿名化处理。',
  'form.privacy.protect.title': '五、安全保护',
  'form.privacy.protect.text':
    '我们通过加密传输、访问控制、按岗位分配权限和操作审计保护您的信息；系统日志中不记录完整的电话号码和邮箱地址。',
  'form.privacy.rights.title': '六、您的权利',
  'form.privacy.rights.text':
    '您有权查阅、复制、更正、补充和删除您的个人信息，有权撤回同意（撤回不影响此前基于同意进行的处理），也可以要求我们解释本政策。我们会在收到请求后 15 个工作日内答复。',
  'form.privacy.contact.title': '七、联系我们',
  'form.privacy.contact.text': '如有疑问，或需要行使上述权利，请联系我们的客户服务人员。',
  'form.privacy.contact.hotline': '联系电话：',
  'form.privacy.version': '政策版本：{version}',
  'form.privacy.back': '返回需求表单',
} as const;

export const privacyEn: Record<keyof typeof privacyZh, string> = {
  'form.privacy.title': 'Privacy Policy',
  'form.privacy.operator': 'The operator of this website',
  'form.privacy.intro':
    '{company} ("we") cares about the protection of your personal information. This policy explains what personal information we collect through this request form, why, how we use, keep and protect it, and your rights under the Personal Information Protection Law of the People’s Republic of China.',
  'form.privacy.collect.title': '1. What we collect',
  'form.privacy.collect.text':
    'What you type into the form: your name, company, phone number, email address and requirement (a phone number or an email address at least, the rest as you wish); what is recorded when you submit: the time, your IP address, browser type (User-Agent), the page you came from and campaign parameters (utm_*); and whether you accepted this policy, and which version.',
  'form.privacy.use.title': '2. How we use it',
  'form.privacy.use.text':
    'Only to contact you and answer your request, to have our sales team follow it up and record that follow-up, and to detect and stop spam and abuse. We do not use your information for anything unrelated to these purposes, and we never sell it.',
  'form.privacy.share.title': '3. Sharing and processors',
  'form.privacy.share.text':
    'Your information goes only to our sales and customer service staff. To send notifications and run this system we use email, business messaging (such as DingTalk, WeCom or Feishu) and hosting providers, who may process what is necessary for these purposes only and must protect it. Unless the law requires otherwise, we do not give your personal information to any other third party.',
  'form.privacy.keep.title': '4. How long we keep it',
  'form.privacy.keep.text': 'Only as long as these purposes require; after that it is deleted or anonymised.',
  'form.privacy.protect.title': '5. How we protect it',
  'form.privacy.protect.text':
    'Encrypted transfer, access control, permissions by role and an audit trail of staff actions; our system logs never hold a full phone number or email address.',
  'form.privacy.rights.title': '6. Your rights',
  'form.privacy.rights.text':
    'You may access, copy, correct, complete and delete your personal information, withdraw your consent (which does not affect processing based on it before), and ask us to explain this policy. We answer within 15 working days of your request.',
  'form.privacy.contact.title': '7. Contact us',
  'form.privacy.contact.text': 'For questions, or to exercise these rights, contact our customer service.',
  'form.privacy.contact.hotline': 'Phone: ',
  'form.privacy.version': 'Policy version: {version}',
  'form.privacy.back': 'Back to the form',
};
